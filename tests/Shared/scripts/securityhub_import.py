"""Imports ASFF findings into a Security Hub endpoint (moto) with boto3, twice, and reports what it saw.

usage: securityhub_import.py <endpoint> <findings.json>

botocore validates every finding against the Security Hub service model before sending (required members, types,
enums it knows); a document it refuses makes this exit 1 with the validation error. Output: one JSON object with the
FailedCount and SuccessCount of each pass, the findings GetFindings lists after each pass, and every failed finding.
"""
import json
import sys

import boto3
from botocore.config import Config

endpoint, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    findings = json.load(f)
if not isinstance(findings, list) or not findings:
    print("expected a non-empty JSON array of findings", file=sys.stderr)
    sys.exit(1)
region = findings[0]["Resources"][0].get("Region") or findings[0]["ProductArn"].split(":")[3]
client = boto3.client(
    "securityhub", endpoint_url=endpoint, region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing",
    config=Config(parameter_validation=True, retries={"max_attempts": 1}),
)
client.enable_security_hub()


def import_all():
    failed, success, failures = 0, 0, []
    for i in range(0, len(findings), 100):
        answer = client.batch_import_findings(Findings=findings[i:i + 100])
        failed += answer["FailedCount"]
        success += answer["SuccessCount"]
        failures += answer.get("FailedFindings", [])
    return failed, success, failures


def count():
    ids, token = set(), None
    while True:
        kwargs = {"MaxResults": 100}
        if token:
            kwargs["NextToken"] = token
        page = client.get_findings(**kwargs)
        ids.update(f["Id"] for f in page["Findings"])
        token = page.get("NextToken")
        if not token:
            return len(ids)


first = import_all()
after_first = count()
second = import_all()
after_second = count()
print(json.dumps({
    "sent": len(findings),
    "first": {"failed": first[0], "success": first[1]},
    "afterFirst": after_first,
    "second": {"failed": second[0], "success": second[1]},
    "afterSecond": after_second,
    "failures": first[2] + second[2],
}))
