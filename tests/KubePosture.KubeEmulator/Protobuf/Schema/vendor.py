#!/usr/bin/env python3
"""Vendors the protobuf schema of the built-in kinds from k8s.io/api and k8s.io/apimachinery (Apache-2.0).

usage: vendor.py API_GIT_DIR APIMACHINERY_GIT_DIR APIEXTENSIONS_GIT_DIR [TAG]   (bare or normal clones; reads TAG, default v0.35.7:
a release, so no alpha group is referenced, and newer than the kubectl `make tools` fetches)

Writes, next to this script:
  *.proto        each upstream generated.proto with its comments removed (the license header and the
                 `+protobuf.nullable` markers are kept): the field numbers and types the decoder reads.
  go-fields.txt  what generated.proto does not say but the JSON form depends on, from the Go types'
                 struct tags: `<message> <field> pointer` (a *T field: an explicit zero is kept),
                 `<message> <field> inline` (an embedded struct: its fields sit in the parent's JSON) and
                 `<message> <field> json=<name>` (the JSON name, where it is not the protobuf field name).
  UPSTREAM.md    the commits read.
"""
import os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
API_GROUPS = ["core", "apps", "batch", "rbac", "policy", "networking", "scheduling", "storage",
              "authorization", "authentication", "coordination", "events"]
MACHINERY = {"meta.v1": "pkg/apis/meta/v1", "runtime": "pkg/runtime", "intstr": "pkg/util/intstr",
             "resource": "pkg/api/resource", "runtime.schema": "pkg/runtime/schema"}


REV = sys.argv[4] if len(sys.argv) > 4 else "v0.35.7"


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def strip(proto):
    header_end = proto.index("*/") + 2
    out = [proto[:header_end], "\n// Vendored by vendor.py: upstream comments removed, nothing else changed.\n"]
    for line in proto[header_end:].splitlines():
        s = line.strip()
        if s.startswith("//") and "+protobuf.nullable" not in s:
            continue
        if s:
            out.append(line + "\n")
    return "".join(out)


FIELD = re.compile(r'^\s+(?:(\w+)\s+)?(\*?)([\w.\[\]*]+)\s+`(.*)`')


def go_fields(source, package):
    rows = []
    struct = None
    for line in source.splitlines():
        m = re.match(r'^type (\w+) struct \{', line)
        if m:
            struct = m.group(1)
            continue
        if line.startswith("}"):
            struct = None
            continue
        if struct is None:
            continue
        m = FIELD.match(line)
        if not m:
            continue
        name, star, _, tags = m.groups()
        proto = re.search(r'protobuf:"[^"]*?(?:name=(\w+)|")', tags)
        if not proto:
            continue
        field_name = proto.group(1) or (m.group(3)[0].lower() + m.group(3)[1:])  # go-to-protobuf: lowerCamel type name
        json_name = re.search(r'json:"([^",]*)', tags)
        if name is None and (json_name is None or json_name.group(1) == ""):
            rows.append(f"{package}.{struct} {field_name} inline")
        else:
            if star:
                rows.append(f"{package}.{struct} {field_name} pointer")
            if json_name and json_name.group(1) and json_name.group(1) != field_name:
                rows.append(f"{package}.{struct} {field_name} json={json_name.group(1)}")
    return rows


def go_sources(repo, folder):
    names = git(repo, "ls-tree", "--name-only", REV, folder + "/").split()
    return [git(repo, "show", REV + ":" + n) for n in names
            if n.endswith(".go") and not n.endswith("_test.go") and "generated" not in n and "zz_" not in n]


def main():
    api, machinery, extensions = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = []
    for group in API_GROUPS:
        with open(os.path.join(HERE, f"api.{group}.v1.proto"), "w") as f:
            f.write(strip(git(api, "show", f"{REV}:{group}/v1/generated.proto")))
        for src in go_sources(api, f"{group}/v1"):
            rows += go_fields(src, f"k8s.io.api.{group}.v1")
    for short, folder in MACHINERY.items():
        with open(os.path.join(HERE, f"apimachinery.{short}.proto"), "w") as f:
            f.write(strip(git(machinery, "show", f"{REV}:{folder}/generated.proto")))
        package = "k8s.io.apimachinery." + folder.replace("/", ".")
        for src in go_sources(machinery, folder):
            rows += go_fields(src, package)
    with open(os.path.join(HERE, "apiextensions.v1.proto"), "w") as f:
        f.write(strip(git(extensions, "show", f"{REV}:pkg/apis/apiextensions/v1/generated.proto")))
    for src in go_sources(extensions, "pkg/apis/apiextensions/v1"):
        rows += go_fields(src, "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1")
    with open(os.path.join(HERE, "go-fields.txt"), "w") as f:
        f.write("# <message> <proto field> pointer|inline|json=<name>, from the Go struct tags (vendor.py)\n")
        f.write("\n".join(sorted(set(rows))) + "\n")
    with open(os.path.join(HERE, "LICENSE"), "w") as f:
        f.write(git(api, "show", REV + ":LICENSE"))
    with open(os.path.join(HERE, "UPSTREAM.md"), "w") as f:
        f.write("# Upstream of this folder\n\n"
                "The protobuf schema of the built-in kinds, vendored as data by `vendor.py` (Apache License 2.0, see LICENSE;\n"
                "copyright The Kubernetes Authors; modified: comments removed).\n\n"
                f"- https://github.com/kubernetes/api {REV} at {git(api, 'rev-parse', REV + '^{commit}').strip()}\n"
                f"- https://github.com/kubernetes/apimachinery {REV} at {git(machinery, 'rev-parse', REV + '^{commit}').strip()}\n"
                f"- https://github.com/kubernetes/apiextensions-apiserver {REV} at {git(extensions, 'rev-parse', REV + '^{commit}').strip()}\n")


main()
