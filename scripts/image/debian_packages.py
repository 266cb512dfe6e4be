#!/usr/bin/env python3
"""The image's Debian packages, chosen from what mmdebstrap downloaded.

mmdebstrap (variant extract) resolves the included packages with their hard dependencies, verifies them against the
suite's signed Release file and extracts all of them. Some of those dependencies serve only the maintainer scripts
that configure a package on a live system (debconf asks questions, the openssl program rebuilds the CA bundle, perl
runs debconf), and an image that never runs maintainer scripts has no use for them. This script keeps the packages
named with --keep and removes the files of the others, but only those named with --unneeded: any other dependency
fails the build, so a new dependency of a kept package is a decision, not an accident.

It writes a manifest (JSON: name, version, architecture, source, the .deb's SHA-256) for the SBOM, and one control
paragraph per kept package under var/lib/dpkg/status.d/ (the layout distroless images use), so that image scanners
such as Trivy and Grype see the packages without a dpkg database.
"""
import argparse
import hashlib
import json
import pathlib
import subprocess
import sys
import tarfile


def control_fields(deb: pathlib.Path) -> dict[str, str]:
    text = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True).stdout
    fields: dict[str, str] = {}
    name = None
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and name:
            fields[name] += "\n" + line
        elif ":" in line:
            name, value = line.split(":", 1)
            fields[name] = value.strip()
    return fields


def members(deb: pathlib.Path) -> list[str]:
    """Paths of the package's files and symbolic links (not directories), relative to the root."""
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE) as proc:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            paths = [m.name.removeprefix("./") for m in tar if not m.isdir()]
    if proc.returncode:
        raise SystemExit(f"dpkg-deb --fsys-tarfile {deb} failed with {proc.returncode}")
    return paths


def dependency_clauses(fields: dict[str, str]) -> list[list[str]]:
    """Pre-Depends and Depends as clauses of alternative package names (versions and :any dropped)."""
    clauses = []
    for field in ("Pre-Depends", "Depends"):
        for clause in filter(None, (c.strip() for c in fields.get(field, "").split(","))):
            clauses.append([alt.strip().split()[0].split(":")[0] for alt in clause.split("|")])
    return clauses


def sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--debs", required=True, type=pathlib.Path, help="folder of the downloaded .deb files")
    parser.add_argument("--root", required=True, type=pathlib.Path, help="the extracted root file system")
    parser.add_argument("--keep", required=True, help="comma-separated packages the image carries")
    parser.add_argument("--unneeded", required=True, help="comma-separated dependencies removed as not needed at run time")
    parser.add_argument("--manifest", required=True, type=pathlib.Path)
    args = parser.parse_args()
    keep = set(filter(None, args.keep.split(",")))
    unneeded = set(filter(None, args.unneeded.split(",")))

    packages = {}
    for deb in sorted(args.debs.glob("*.deb")):
        fields = control_fields(deb)
        packages[fields["Package"]] = (deb, fields)

    problems = [f"{name}: listed to keep but mmdebstrap did not download it" for name in sorted(keep - packages.keys())]
    problems += [f"{name}: a dependency that is neither kept nor declared unneeded at run time (image build script, DEBIAN_UNNEEDED)"
                 for name in sorted(packages.keys() - keep - unneeded)]
    for name in sorted(keep & packages.keys()):
        for clause in dependency_clauses(packages[name][1]):
            if not any(alt in keep or alt in unneeded for alt in clause):
                problems.append(f"{name}: depends on {' | '.join(clause)}, which the image neither keeps nor declares unneeded")
    if problems:
        print("Debian package selection:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1

    kept_paths = {path for name in keep for path in members(packages[name][0])}
    removed = []
    for name in sorted(packages.keys() - keep):
        deb, fields = packages[name]
        for path in members(deb):
            target = args.root / path
            if path not in kept_paths and (target.is_symlink() or target.is_file()):
                target.unlink()
        removed.append({"name": name, "version": fields["Version"]})

    status_dir = args.root / "var/lib/dpkg/status.d"
    status_dir.mkdir(parents=True, exist_ok=True)
    kept = []
    for name in sorted(keep):
        deb, fields = packages[name]
        paragraph = "".join(f"{k}: {v}\n" for k, v in fields.items() if k != "Description")
        paragraph += "Status: install ok installed\n"
        if "Description" in fields:
            paragraph += f"Description: {fields['Description']}\n"
        (status_dir / name).write_text(paragraph)
        source = fields.get("Source", name)
        source_name, _, source_version = source.partition(" ")
        kept.append({
            "name": name,
            "version": fields["Version"],
            "architecture": fields["Architecture"],
            "source": source_name,
            "sourceVersion": source_version.strip("()") or fields["Version"],
            "homepage": fields.get("Homepage"),
            "maintainer": fields.get("Maintainer"),
            "file": deb.name,
            "sha256": sha256(deb),
        })
    args.manifest.write_text(json.dumps({"kept": kept, "removedAsUnneeded": removed}, indent=2) + "\n")
    print(f"Debian packages kept: {', '.join(p['name'] + ' ' + p['version'] for p in kept)}")
    print(f"removed (maintainer-script dependencies): {', '.join(r['name'] for r in removed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
