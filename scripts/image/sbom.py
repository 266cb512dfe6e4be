#!/usr/bin/env python3
"""SPDX 2.3 JSON SBOM of the kubeposture image: its Debian packages, the .NET runtime packs and the operator's
NuGet dependencies.

Inputs are the build's own records, not a scan of the result: the Debian manifest debian_packages.py wrote (name,
version, architecture, source, the .deb's SHA-256), project.assets.json (NuGet package versions and SHA-512 hashes)
restricted to the packages kubeposture.deps.json deploys, the packages' .nuspec licence expressions, and the
archive's index.json (the image's manifest digest).
"""
import argparse
import base64
import json
import pathlib
import re
import sys
import tarfile
import urllib.parse


def spdx_id(*parts: str) -> str:
    return "SPDXRef-" + re.sub(r"[^A-Za-z0-9.-]+", "-", "-".join(parts))


def nuspec_license(nuget_root: pathlib.Path, name: str, version: str) -> str:
    folder = nuget_root / name.lower() / version.lower()
    for nuspec in folder.glob("*.nuspec"):
        match = re.search(r'<license\s+type="expression">([^<]+)</license>', nuspec.read_text(encoding="utf-8-sig"))
        if match:
            return match.group(1).strip()
    return "NOASSERTION"


def supplier(maintainer: str | None) -> str:
    """A Debian Maintainer field ("Name <address>") in SPDX's form, "Organization: Name (address)"."""
    if not maintainer:
        return "NOASSERTION"
    name, _, address = maintainer.partition("<")
    return f"Organization: {name.strip()} ({address.rstrip('>').strip()})" if address else f"Organization: {name.strip()}"


def image_digest(archive: pathlib.Path) -> str:
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.lstrip("./") == "index.json")
        index = json.load(tar.extractfile(member))
    return index["manifests"][0]["digest"]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("debian", "assets", "deps", "nuget-root", "archive", "output"):
        p.add_argument(f"--{name}", required=True, type=pathlib.Path)
    for name in ("rid", "netcore", "aspnetcore", "name", "version", "revision", "source", "licenses", "created"):
        p.add_argument(f"--{name}", required=True)
    a = p.parse_args()

    debian = json.loads(a.debian.read_text())
    assets = json.loads(a.assets.read_text())
    deployed = {key for key, lib in json.loads(a.deps.read_text())["libraries"].items() if lib["type"] == "package"}
    digest = image_digest(a.archive)
    deb_arch = {"linux-x64": "amd64", "linux-arm64": "arm64"}[a.rid]

    image_id = spdx_id("Image", a.name)
    app_id = spdx_id("Application", a.name)
    packages = [
        {
            "SPDXID": image_id, "name": a.name, "versionInfo": a.version, "primaryPackagePurpose": "CONTAINER",
            "downloadLocation": "NOASSERTION", "filesAnalyzed": False, "licenseConcluded": "NOASSERTION",
            "licenseDeclared": a.licenses, "copyrightText": "NOASSERTION",
            "checksums": [{"algorithm": "SHA256", "checksumValue": digest.removeprefix("sha256:")}],
            "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                              "referenceLocator": f"pkg:oci/{a.name}@{urllib.parse.quote(digest)}?arch={deb_arch}&tag={a.version}"}],
        },
        {
            "SPDXID": app_id, "name": a.name, "versionInfo": a.version, "primaryPackagePurpose": "APPLICATION",
            "downloadLocation": f"git+{a.source}@{a.revision}", "filesAnalyzed": False,
            "licenseConcluded": "NOASSERTION", "licenseDeclared": a.licenses, "copyrightText": "NOASSERTION",
            "comment": f"/app: dotnet publish -r {a.rid} --self-contained false -p:PublishReadyToRun=true at {a.revision}",
        },
    ]
    relationships = [
        {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": image_id},
        {"spdxElementId": image_id, "relationshipType": "CONTAINS", "relatedSpdxElement": app_id},
    ]

    for deb in debian["kept"]:
        pid = spdx_id("Debian", deb["name"])
        qualifiers = urllib.parse.urlencode({"arch": deb["architecture"], "distro": "debian-12", "upstream": f"{deb['source']}@{deb['sourceVersion']}"})
        packages.append({
            "SPDXID": pid, "name": deb["name"], "versionInfo": deb["version"], "primaryPackagePurpose": "OPERATING-SYSTEM" if deb["name"] == "base-files" else "LIBRARY",
            "supplier": supplier(deb.get("maintainer")),
            "downloadLocation": "NOASSERTION", "filesAnalyzed": False, "sourceInfo": f"Debian source package {deb['source']} {deb['sourceVersion']}",
            "homepage": deb.get("homepage") or "NOASSERTION",
            "licenseConcluded": "NOASSERTION", "licenseDeclared": "NOASSERTION", "copyrightText": "NOASSERTION",
            "comment": f"Licence terms: /usr/share/doc/{deb['name']}/copyright in the image",
            "checksums": [{"algorithm": "SHA256", "checksumValue": deb["sha256"]}],
            "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                              "referenceLocator": f"pkg:deb/debian/{deb['name']}@{urllib.parse.quote(deb['version'])}?{qualifiers}"}],
        })
        relationships.append({"spdxElementId": image_id, "relationshipType": "CONTAINS", "relatedSpdxElement": pid})

    def nuget(name: str, version: str, sha512_b64: str | None, purpose: str) -> dict:
        entry = {
            "SPDXID": spdx_id("NuGet", name, version), "name": name, "versionInfo": version, "primaryPackagePurpose": purpose,
            "downloadLocation": f"https://www.nuget.org/api/v2/package/{name}/{version}", "filesAnalyzed": False,
            "licenseConcluded": "NOASSERTION", "licenseDeclared": nuspec_license(a.nuget_root, name, version), "copyrightText": "NOASSERTION",
            "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": f"pkg:nuget/{name}@{version}"}],
        }
        if sha512_b64:
            entry["checksums"] = [{"algorithm": "SHA512", "checksumValue": base64.b64decode(sha512_b64).hex()}]
        return entry

    for name, version in ((f"Microsoft.NETCore.App.Runtime.{a.rid}", a.netcore), (f"Microsoft.AspNetCore.App.Runtime.{a.rid}", a.aspnetcore)):
        sha_file = a.nuget_root / name.lower() / version / f"{name.lower()}.{version}.nupkg.sha512"
        entry = nuget(name, version, sha_file.read_text().strip() if sha_file.exists() else None, "FRAMEWORK")
        entry["comment"] = "/usr/share/dotnet: the shared framework the operator runs on"
        packages.append(entry)
        relationships.append({"spdxElementId": image_id, "relationshipType": "CONTAINS", "relatedSpdxElement": entry["SPDXID"]})
        relationships.append({"spdxElementId": app_id, "relationshipType": "DEPENDS_ON", "relatedSpdxElement": entry["SPDXID"]})

    libraries = assets["libraries"]
    missing = sorted(deployed - libraries.keys())
    if missing:
        print(f"deps.json deploys packages project.assets.json does not list: {missing}", file=sys.stderr)
        return 1
    for key in sorted(deployed):
        name, version = key.split("/", 1)
        entry = nuget(name, version, libraries[key].get("sha512"), "LIBRARY")
        packages.append(entry)
        relationships.append({"spdxElementId": app_id, "relationshipType": "DEPENDS_ON", "relatedSpdxElement": entry["SPDXID"]})

    document = {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": f"{a.name}-{a.version}-{a.rid}-image",
        "documentNamespace": f"{a.source}/spdx/{a.name}-{a.version}-{a.rid}-{digest.removeprefix('sha256:')}",
        "creationInfo": {"created": a.created, "creators": ["Tool: kubeposture-scripts/image/sbom.py"]},
        "documentDescribes": [image_id],
        "packages": packages,
        "relationships": relationships,
    }
    a.output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"SBOM: {len(debian['kept'])} Debian packages, 2 runtime packs, {len(deployed)} NuGet packages -> {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
