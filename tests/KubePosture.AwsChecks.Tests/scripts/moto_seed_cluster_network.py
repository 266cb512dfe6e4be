"""Seeds moto_server with an EKS cluster's network as a third-party AWS would serve it (issue 16).

Usage: moto_seed_cluster_network.py ENDPOINT
Prints one JSON line: {"instanceId", "vpcId", "subnets", "clusterSg"}.

- two subnets, each with an ACTIVE flow log (none on the VPC);
- the cluster security group opens ICMP (-1/-1) and every TCP port (0-65535) to 0.0.0.0/0;
- one node instance in the first subnet with that group;
- EKS cluster "demo" whose DescribeCluster names the VPC, subnets and cluster security group. botocore's request
  shape has no vpcId (EKS fills it in), so the cluster is created with a plain REST call that moto stores as given.
"""
import json
import sys
import urllib.request

import boto3

endpoint = sys.argv[1]
region = "us-west-2"
kw = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing")
ec2 = boto3.client("ec2", **kw)
s3 = boto3.client("s3", **kw)

vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
subnets = [
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-west-2a")["Subnet"]["SubnetId"],
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-west-2b")["Subnet"]["SubnetId"],
]
sg = ec2.create_security_group(GroupName="eks-cluster-sg-demo", Description="cluster", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
    {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
])
image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=subnets[0], SecurityGroupIds=[sg],
                             InstanceType="t3.medium")["Instances"][0]["InstanceId"]

s3.create_bucket(Bucket="flow-logs-demo", CreateBucketConfiguration={"LocationConstraint": region})
for subnet in subnets:
    ec2.create_flow_logs(ResourceIds=[subnet], ResourceType="Subnet", TrafficType="ALL",
                         LogDestinationType="s3", LogDestination="arn:aws:s3:::flow-logs-demo")

body = {
    "name": "demo",
    "roleArn": "arn:aws:iam::123456789012:role/demo-cluster-role",
    "version": "1.31",
    "resourcesVpcConfig": {"subnetIds": subnets, "securityGroupIds": [], "clusterSecurityGroupId": sg, "vpcId": vpc},
}
request = urllib.request.Request(endpoint + "/clusters", data=json.dumps(body).encode(), method="POST", headers={
    "Content-Type": "application/json",
    "Authorization": f"AWS4-HMAC-SHA256 Credential=testing/20260101/{region}/eks/aws4_request, SignedHeaders=host, Signature=0",
})
with urllib.request.urlopen(request) as response:
    assert response.status == 200, response.status

print(json.dumps({"instanceId": instance, "vpcId": vpc, "subnets": subnets, "clusterSg": sg}))
