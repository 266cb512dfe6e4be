"""Seeds a moto_server with what the ELBv2 and WAFv2 ports read: an internet-facing ALB with an HTTP listener that
forwards and an HTTPS listener on a TLS 1.0 policy, an internal ALB whose HTTP listener redirects to HTTPS and that a
regional web ACL protects (access logs on), and another cluster's NLB, all through boto3. Prints the ARNs it created
as JSON on the last line.
Usage: python3 moto_seed_load_balancers.py <moto-url>"""
import json
import sys

import boto3

url = sys.argv[1]


def client(service):
    return boto3.client(service, endpoint_url=url, region_name="us-west-2", aws_access_key_id="testing", aws_secret_access_key="testing")


ec2 = client("ec2")
vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"us-west-2{z}")["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
sg = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]

elbv2 = client("elbv2")
acm = client("acm")
certificate = acm.request_certificate(DomainName="shop.example.com")["CertificateArn"]


def load_balancer(name, scheme, kind, cluster, stack_tag, stack):
    created = elbv2.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[sg] if kind == "application" else [], Scheme=scheme, Type=kind,
                                         Tags=[{"Key": "elbv2.k8s.aws/cluster", "Value": cluster}, {"Key": stack_tag, "Value": stack}])
    return created["LoadBalancers"][0]["LoadBalancerArn"]


storefront = load_balancer("k8s-shop-storefro-0a1b2c3d4e", "internet-facing", "application", "demo", "ingress.k8s.aws/stack", "shop/storefront")
ledger = load_balancer("k8s-payments-ledger-5f6e7d8c9b", "internal", "application", "demo", "ingress.k8s.aws/stack", "payments/ledger")
other = load_balancer("k8s-other-web-9z8y7x6w5v", "internet-facing", "network", "other", "service.k8s.aws/stack", "web/frontend")

target_group = elbv2.create_target_group(Name="storefront", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
forward = [{"Type": "forward", "TargetGroupArn": target_group}]
elbv2.create_listener(LoadBalancerArn=storefront, Protocol="HTTP", Port=80, DefaultActions=forward)
elbv2.create_listener(LoadBalancerArn=storefront, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-2016-08",
                      Certificates=[{"CertificateArn": certificate}], DefaultActions=forward)
elbv2.create_listener(LoadBalancerArn=ledger, Protocol="HTTP", Port=80,
                      DefaultActions=[{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
elbv2.create_listener(LoadBalancerArn=ledger, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                      Certificates=[{"CertificateArn": certificate}], DefaultActions=forward)
elbv2.modify_load_balancer_attributes(LoadBalancerArn=ledger, Attributes=[
    {"Key": "access_logs.s3.enabled", "Value": "true"}, {"Key": "access_logs.s3.bucket", "Value": "demo-alb-logs"}])

waf = client("wafv2")
acl = waf.create_web_acl(Name="ledger", Scope="REGIONAL", DefaultAction={"Allow": {}},
                         VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "ledger"})["Summary"]["ARN"]
waf.associate_web_acl(WebACLArn=acl, ResourceArn=ledger)

# What boto3 itself sees for an ALB without a web ACL (AWS omits WebACL; moto may send null): the port must read both as none.
none = waf.get_web_acl_for_resource(ResourceArn=storefront).get("WebACL")
assert none is None, none

print(json.dumps({"storefront": storefront, "ledger": ledger, "other": other, "acl": acl, "certificate": certificate, "vpc": vpc}))
