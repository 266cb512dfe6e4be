#!/usr/bin/env python3
"""Compares a `kubeposture scan -o json` report with demo/cluster-findings.golden.

The rows are rendered exactly as DemoClusterGoldenTests.Render does (tests/KubePosture.Operator.Tests/Golden): one
line per finding, severity, check id and kind/namespace/name, AWS kinds as Kind.service, worst first, then by check
id and resource (ordinal). The golden file's comment lines (its header and count) are not compared.
Usage: golden.py REPORT.json GOLDEN
"""
import json
import sys

RANK = {"Critical": 0, "High": 1, "Medium": 2, "Low": 3}


def kind(finding: dict) -> str:
    api_version = finding.get("apiVersion") or ""
    suffix = ".amazonaws.com"
    return f"{finding['kind']}.{api_version[:-len(suffix)]}" if api_version.endswith(suffix) else finding["kind"]


def rows(report: dict) -> list[str]:
    rendered = []
    for f in report["findings"]:
        resource = "/".join(p for p in (kind(f), f.get("namespace"), f.get("name")) if p is not None)
        rendered.append((RANK.get(f["severity"], 4), f["checkId"].encode(), resource.encode(), f"{f['severity']}\t{f['checkId']}\t{resource}"))
    return [r[3] for r in sorted(rendered, key=lambda r: r[:3])]


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        actual = rows(json.load(f))
    with open(sys.argv[2], encoding="utf-8") as f:
        expected = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    if actual == expected:
        print(f"  {len(actual)} findings match {sys.argv[2]}")
        return 0
    missing = [line for line in expected if line not in actual]
    extra = [line for line in actual if line not in expected]
    print(f"{len(actual)} findings, {len(expected)} expected", file=sys.stderr)
    for line in missing:
        print(f"- {line}", file=sys.stderr)
    for line in extra:
        print(f"+ {line}", file=sys.stderr)
    if not missing and not extra:
        print("same findings in another order", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
