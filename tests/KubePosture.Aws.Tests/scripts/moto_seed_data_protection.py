"""Seeds a moto_server with what the data-protection and detection ports read (launch templates, EBS defaults, KMS
keys, log groups, a GuardDuty detector, Inspector for ECR) through boto3, and prints the ids it created as JSON on the last line.
Usage: python3 moto_seed_data_protection.py <moto-url>"""
import base64
import json
import sys

import boto3

url = sys.argv[1]


def client(service):
    return boto3.client(service, endpoint_url=url, region_name="us-west-2", aws_access_key_id="testing", aws_secret_access_key="testing")


ec2 = client("ec2")
open_template = ec2.create_launch_template(
    LaunchTemplateName="open-nodes",
    LaunchTemplateData={
        "MetadataOptions": {"HttpTokens": "optional", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"},
        "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True}],
        "UserData": base64.b64encode(b"#!/bin/bash\nexport API_TOKEN=abc123\n").decode(),
    },
)["LaunchTemplate"]
ec2.create_launch_template_version(
    LaunchTemplateId=open_template["LaunchTemplateId"],
    LaunchTemplateData={"MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1}},
)
plain_volume = ec2.create_volume(AvailabilityZone="us-west-2a", Size=10, Encrypted=False)["VolumeId"]
ec2.enable_ebs_encryption_by_default()

kms = client("kms")
rotating = kms.create_key(Description="rotating")["KeyMetadata"]["KeyId"]
kms.enable_key_rotation(KeyId=rotating)
open_key = kms.create_key(
    Description="open",
    Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "Anyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}]}),
)["KeyMetadata"]["KeyId"]
doomed = kms.create_key(Description="doomed")["KeyMetadata"]["KeyId"]
kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)

logs = client("logs")
key_arn = kms.describe_key(KeyId=rotating)["KeyMetadata"]["Arn"]
logs.create_log_group(logGroupName="/aws/eks/demo/cluster")
logs.put_retention_policy(logGroupName="/aws/eks/demo/cluster", retentionInDays=90)
logs.create_log_group(logGroupName="/aws/eks/demo/cluster-extra")
logs.create_log_group(logGroupName="/ecs/web", kmsKeyId=key_arn)

guardduty = client("guardduty")
detector = guardduty.create_detector(Enable=True, Features=[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}, {"Name": "RUNTIME_MONITORING", "Status": "DISABLED"}])["DetectorId"]

inspector = client("inspector2")
account = client("sts").get_caller_identity()["Account"]
inspector.enable(accountIds=[account], resourceTypes=["ECR"])

print(json.dumps({"template": open_template["LaunchTemplateId"], "rotating": rotating, "open": open_key, "doomed": doomed, "keyArn": key_arn,
                  "detector": detector, "account": account, "volume": plain_volume}))
