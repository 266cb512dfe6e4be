"""Calls every operation the AWS emulator serves with boto3/botocore (an independent AWS client) and checks the
answers parse into the shapes botocore's service models describe. Prints "ok <service>:<Operation>" per operation.
Usage: python3 boto3_against_emulator.py <endpoint-url> <access-key-id> <secret-access-key> <web-identity-token>"""
import datetime
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, key, secret, token = sys.argv[1:5]
REGION = "us-west-2"
config = Config(retries={"max_attempts": 1})
failures = []


def client(service, region=REGION, **creds):
    creds = creds or {"aws_access_key_id": key, "aws_secret_access_key": secret}
    return boto3.client(service, endpoint_url=endpoint, region_name=region, config=config, **creds)


def check(name, fn):
    try:
        fn()
        print(f"ok {name}", flush=True)
    except Exception as e:  # report every failure, keep going
        failures.append(name)
        print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)


def expect_error(code, fn):
    try:
        fn()
    except ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response["Error"]
        return
    raise AssertionError(f"expected {code}")


def is_time(v):
    assert isinstance(v, datetime.datetime), f"{v!r} is not a timestamp"


ecr = client("ecr")
API = "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b"


def ecr_describe_repositories():
    pages = list(ecr.get_paginator("describe_repositories").paginate())
    repos = [r for p in pages for r in p["repositories"]]
    assert [r["repositoryName"] for r in repos] == ["demo/api", "demo/worker", "demo/batch"] and len(pages) == 2
    is_time(repos[0]["createdAt"])


def ecr_describe_images():
    d = ecr.describe_images(repositoryName="demo/api", imageIds=[{"imageDigest": API}])["imageDetails"][0]
    assert d["imageScanFindingsSummary"]["findingSeverityCounts"]["CRITICAL"] == 1
    is_time(d["imagePushedAt"])
    expect_error("ImageNotFoundException", lambda: ecr.describe_images(repositoryName="demo/api", imageIds=[{"imageDigest": "sha256:" + "e" * 64}]))


def ecr_describe_image_scan_findings():
    pages = list(ecr.get_paginator("describe_image_scan_findings").paginate(repositoryName="demo/api", imageId={"imageDigest": API}))
    findings = [f for p in pages for f in p["imageScanFindings"].get("enhancedFindings", [])]
    assert [f["packageVulnerabilityDetails"]["vulnerabilityId"] for f in findings] == ["CVE-2024-0001", "CVE-2024-0002", "CVE-2024-0003", "CVE-2024-0004"]
    is_time(pages[0]["imageScanFindings"]["imageScanCompletedAt"])
    expect_error("ScanNotFoundException", lambda: ecr.describe_image_scan_findings(repositoryName="demo/batch", imageId={"imageTag": "latest"}))


def ecr_registry_scanning():
    assert ecr.get_registry_scanning_configuration()["scanningConfiguration"]["scanType"] == "ENHANCED"


def ecr_batch_scanning():
    r = ecr.batch_get_repository_scanning_configuration(repositoryNames=["demo/api", "missing"])
    assert r["scanningConfigurations"][0]["scanFrequency"] == "CONTINUOUS_SCAN" and r["failures"][0]["failureCode"] == "REPOSITORY_NOT_FOUND"


def ecr_policies():
    assert '"Principal"' in ecr.get_repository_policy(repositoryName="demo/api")["policyText"]
    expect_error("RepositoryPolicyNotFoundException", lambda: ecr.get_repository_policy(repositoryName="demo/worker"))
    assert "rules" in ecr.get_lifecycle_policy(repositoryName="demo/worker")["lifecyclePolicyText"]
    expect_error("LifecyclePolicyNotFoundException", lambda: ecr.get_lifecycle_policy(repositoryName="demo/api"))


check("ecr:DescribeRepositories", ecr_describe_repositories)
check("ecr:DescribeImages", ecr_describe_images)
check("ecr:DescribeImageScanFindings", ecr_describe_image_scan_findings)
check("ecr:GetRegistryScanningConfiguration", ecr_registry_scanning)
check("ecr:BatchGetRepositoryScanningConfiguration", ecr_batch_scanning)
check("ecr:GetRepositoryPolicy", ecr_policies)
check("ecr:GetLifecyclePolicy", ecr_policies)

eks = client("eks")
ADMIN = "arn:aws:iam::111122223333:role/Admin"


def eks_describe_cluster():
    c = eks.describe_cluster(name="demo")["cluster"]
    assert c["accessConfig"]["authenticationMode"] == "API_AND_CONFIG_MAP"
    is_time(c["createdAt"])
    expect_error("ResourceNotFoundException", lambda: eks.describe_cluster(name="nope"))


check("eks:DescribeCluster", eks_describe_cluster)
check("eks:ListNodegroups", lambda: [p for p in eks.get_paginator("list_nodegroups").paginate(clusterName="demo")][1]["nodegroups"] == ["gpu"] or (_ for _ in ()).throw(AssertionError("pages")))
check("eks:DescribeNodegroup", lambda: eks.describe_nodegroup(clusterName="demo", nodegroupName="general")["nodegroup"]["releaseVersion"] == "1.31.0-20240928" or (_ for _ in ()).throw(AssertionError()))
check("eks:ListAccessEntries", lambda: len([a for p in eks.get_paginator("list_access_entries").paginate(clusterName="demo") for a in p["accessEntries"]]) == 3 or (_ for _ in ()).throw(AssertionError()))
check("eks:DescribeAccessEntry", lambda: eks.describe_access_entry(clusterName="demo", principalArn=ADMIN)["accessEntry"]["type"] == "STANDARD" or (_ for _ in ()).throw(AssertionError()))
check("eks:ListAssociatedAccessPolicies", lambda: eks.list_associated_access_policies(clusterName="demo", principalArn=ADMIN)["associatedAccessPolicies"][0]["policyArn"].endswith("AmazonEKSClusterAdminPolicy") or (_ for _ in ()).throw(AssertionError()))
check("eks:ListPodIdentityAssociations", lambda: eks.list_pod_identity_associations(clusterName="demo", namespace="kube-system", serviceAccount="aws-node")["associations"][0]["associationId"] == "a-0123456789abcdef0" or (_ for _ in ()).throw(AssertionError()))
check("eks:DescribePodIdentityAssociation", lambda: eks.describe_pod_identity_association(clusterName="demo", associationId="a-0123456789abcdef0")["association"]["roleArn"].endswith("demo-vpc-cni") or (_ for _ in ()).throw(AssertionError()))
check("eks:ListAddons", lambda: len([a for p in eks.get_paginator("list_addons").paginate(clusterName="demo") for a in p["addons"]]) == 3 or (_ for _ in ()).throw(AssertionError()))
check("eks:DescribeAddon", lambda: eks.describe_addon(clusterName="demo", addonName="kube-proxy")["addon"]["health"]["issues"][0]["code"] == "InsufficientNumberOfReplicas" or (_ for _ in ()).throw(AssertionError()))
check("eks:DescribeAddonVersions", lambda: eks.describe_addon_versions(addonName="vpc-cni", kubernetesVersion="1.31")["addons"][0]["addonVersions"][0]["addonVersion"] == "v1.19.2-eksbuild.1" or (_ for _ in ()).throw(AssertionError()))


def eks_cluster_versions():
    if not hasattr(eks, "describe_cluster_versions"):
        raise AssertionError("this botocore has no DescribeClusterVersions")
    versions = [v for p in eks.get_paginator("describe_cluster_versions").paginate() for v in p["clusterVersions"]]
    assert [v["clusterVersion"] for v in versions] == ["1.33", "1.32", "1.31"]
    is_time(versions[2]["endOfStandardSupportDate"])


check("eks:DescribeClusterVersions", eks_cluster_versions)

ec2 = client("ec2")


def ec2_instances():
    pages = list(ec2.get_paginator("describe_instances").paginate(Filters=[{"Name": "tag:aws:eks:cluster-name", "Values": ["demo"]}]))
    instances = [i for p in pages for r in p["Reservations"] for i in r["Instances"]]
    assert [i["MetadataOptions"]["HttpTokens"] for i in instances] == ["optional", "required", "required"]
    assert instances[0]["MetadataOptions"]["HttpPutResponseHopLimit"] == 2
    is_time(instances[0]["LaunchTime"])
    expect_error("InvalidInstanceID.NotFound", lambda: ec2.describe_instances(InstanceIds=["i-00000000000000000"]))


def ec2_security_groups():
    g = ec2.describe_security_groups(GroupIds=["sg-0a1b2c3d4e5f60009"])["SecurityGroups"][0]
    p = g["IpPermissions"][0]
    assert (p["FromPort"], p["IpRanges"][0]["CidrIp"], p["Ipv6Ranges"][0]["CidrIpv6"]) == (22, "0.0.0.0/0", "::/0")


def ec2_flow_logs():
    assert ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": ["vpc-0a1b2c3d4e5f60004"]}])["FlowLogs"] == []
    logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": ["vpc-0ffffffffffff0001"]}])["FlowLogs"]
    assert logs[0]["FlowLogId"] == "fl-0123456789abcdef0"
    is_time(logs[0]["CreationTime"])


check("ec2:DescribeInstances", ec2_instances)
check("ec2:DescribeSecurityGroups", ec2_security_groups)
check("ec2:DescribeFlowLogs", ec2_flow_logs)


def ec2_launch_template_versions():
    v = ec2.describe_launch_template_versions(LaunchTemplateId="lt-0a1b2c3d4e5f60001", Versions=["$Default"])["LaunchTemplateVersions"][0]
    data = v["LaunchTemplateData"]
    assert (v["VersionNumber"], data["MetadataOptions"]["HttpTokens"], data["NetworkInterfaces"][0]["AssociatePublicIpAddress"]) == (3, "optional", True), v
    import base64
    assert "DB_PASSWORD" in base64.b64decode(data["UserData"]).decode()
    is_time(v["CreateTime"])
    by_name = ec2.describe_launch_template_versions(LaunchTemplateName="demo-batch", Versions=["1"])["LaunchTemplateVersions"][0]
    assert by_name["LaunchTemplateData"]["MetadataOptions"]["HttpPutResponseHopLimit"] == 1
    expect_error("InvalidLaunchTemplateId.NotFound", lambda: ec2.describe_launch_template_versions(LaunchTemplateId="lt-00000000000000000"))


check("ec2:DescribeLaunchTemplateVersions", ec2_launch_template_versions)
check("ec2:DescribeVolumes", lambda: [v["Encrypted"] for v in ec2.describe_volumes(Filters=[{"Name": "volume-id", "Values": ["vol-0a1b2c3d4e5f60001", "vol-0a1b2c3d4e5f60002"]}])["Volumes"]] == [False, True] or (_ for _ in ()).throw(AssertionError()))
check("ec2:GetEbsEncryptionByDefault", lambda: ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False or (_ for _ in ()).throw(AssertionError()))

kms = client("kms")


def kms_describe_key():
    m = kms.describe_key(KeyId="arn:aws:kms:us-west-2:111122223333:key/3333cccc-12ab-34cd-56ef-1234567890ab")["KeyMetadata"]
    assert (m["KeyState"], m["KeyManager"], m["Enabled"]) == ("PendingDeletion", "CUSTOMER", False), m
    is_time(m["DeletionDate"])
    expect_error("NotFoundException", lambda: kms.describe_key(KeyId="00000000-0000-0000-0000-000000000000"))


check("kms:DescribeKey", kms_describe_key)
check("kms:GetKeyRotationStatus", lambda: kms.get_key_rotation_status(KeyId="1234abcd-12ab-34cd-56ef-1234567890ab")["KeyRotationEnabled"] is False or (_ for _ in ()).throw(AssertionError()))
check("kms:GetKeyPolicy", lambda: '"AWS":"*"' in kms.get_key_policy(KeyId="2222bbbb-12ab-34cd-56ef-1234567890ab", PolicyName="default")["Policy"].replace(" ", "") or (_ for _ in ()).throw(AssertionError()))

logs = client("logs")


def logs_describe_log_groups():
    groups = [g for p in logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix="/ecs/") for g in p["logGroups"]]
    assert [g["logGroupName"] for g in groups] == ["/ecs/web", "/ecs/web-canary", "/ecs/worker"], groups
    assert "retentionInDays" not in groups[0] and groups[2]["retentionInDays"] == 400


check("logs:DescribeLogGroups", logs_describe_log_groups)

guardduty = client("guardduty")
DETECTOR = "12abc34d567e8fa901bc2d34e56789f0"


def guardduty_get_detector():
    d = guardduty.get_detector(DetectorId=DETECTOR)
    features = {f["Name"]: f for f in d["Features"]}
    assert (d["Status"], features["EKS_AUDIT_LOGS"]["Status"], features["RUNTIME_MONITORING"]["AdditionalConfiguration"][0]["Status"]) == ("ENABLED", "ENABLED", "DISABLED"), d
    assert d["DataSources"]["Kubernetes"]["AuditLogs"]["Status"] == "ENABLED"
    expect_error("BadRequestException", lambda: guardduty.get_detector(DetectorId="0" * 32))


def guardduty_list_findings():
    criteria = {"Criterion": {"resource.eksClusterDetails.name": {"Equals": ["demo"]}, "service.archived": {"Equals": ["false"]}}}
    ids = [i for p in guardduty.get_paginator("list_findings").paginate(DetectorId=DETECTOR, FindingCriteria=criteria) for i in p["FindingIds"]]
    assert ids == ["0ac6a0e1b2c3d4e5f60718293a4b5c6d"], ids


def guardduty_get_findings():
    f = guardduty.get_findings(DetectorId=DETECTOR, FindingIds=["0ac6a0e1b2c3d4e5f60718293a4b5c6d"])["Findings"][0]
    workload = f["Resource"]["KubernetesDetails"]["KubernetesWorkloadDetails"]
    assert (f["Severity"], workload["Name"], workload["Namespace"], f["Service"]["Archived"]) == (8.0, "debug-tools", "shop", False), f


check("guardduty:ListDetectors", lambda: guardduty.list_detectors()["DetectorIds"] == [DETECTOR] or (_ for _ in ()).throw(AssertionError()))
check("guardduty:GetDetector", guardduty_get_detector)
check("guardduty:ListFindings", guardduty_list_findings)
check("guardduty:GetFindings", guardduty_get_findings)

inspector = client("inspector2")


def inspector_account_status():
    a = inspector.batch_get_account_status(accountIds=["111122223333"])["accounts"][0]
    assert (a["resourceState"]["ecr"]["status"], a["resourceState"]["ec2"]["status"], a["state"]["status"]) == ("ENABLED", "DISABLED", "ENABLED"), a


check("inspector2:BatchGetAccountStatus", inspector_account_status)

ssm = client("ssm")


def ssm_get_parameter():
    p = ssm.get_parameter(Name="/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version")["Parameter"]
    assert p["Value"] == "1.31.7-20250520"
    is_time(p["LastModifiedDate"])
    expect_error("ParameterNotFound", lambda: ssm.get_parameter(Name="/nope"))


def ssm_patch_states():
    states = ssm.describe_instance_patch_states(InstanceIds=["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"])["InstancePatchStates"]
    assert states[0]["CriticalNonCompliantCount"] == 2
    is_time(states[0]["OperationEndTime"])


def ssm_instance_information():
    info = [i for p in ssm.get_paginator("describe_instance_information").paginate(Filters=[{"Key": "InstanceIds", "Values": ["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"]}]) for i in p["InstanceInformationList"]]
    assert [i["PingStatus"] for i in info] == ["Online", "ConnectionLost"]
    is_time(info[0]["LastPingDateTime"])


check("ssm:GetParameter", ssm_get_parameter)
check("ssm:DescribeInstancePatchStates", ssm_patch_states)
check("ssm:DescribeInstanceInformation", ssm_instance_information)

iam = client("iam", region="us-east-1")  # IAM is signed in its partition's home region


def iam_get_role():
    role = iam.get_role(RoleName="demo-app-irsa")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Action"] == "sts:AssumeRoleWithWebIdentity"  # botocore URL-decodes and parses it
    is_time(role["CreateDate"])
    expect_error("NoSuchEntity", lambda: iam.get_role(RoleName="demo-missing-role"))


check("iam:GetRole", iam_get_role)
check("iam:ListAttachedRolePolicies", lambda: [p["PolicyName"] for page in iam.get_paginator("list_attached_role_policies").paginate(RoleName="demo-node-role") for p in page["AttachedPolicies"]][-1] == "AdministratorAccess" or (_ for _ in ()).throw(AssertionError()))
check("iam:ListRolePolicies", lambda: iam.list_role_policies(RoleName="demo-app-irsa")["PolicyNames"] == ["inline-wildcard", "pass-role"] or (_ for _ in ()).throw(AssertionError()))
check("iam:GetRolePolicy", lambda: iam.get_role_policy(RoleName="demo-app-irsa", PolicyName="inline-wildcard")["PolicyDocument"]["Statement"][0]["Action"] == "*" or (_ for _ in ()).throw(AssertionError()))
check("iam:GetPolicy", lambda: iam.get_policy(PolicyArn="arn:aws:iam::111122223333:policy/demo-app-s3")["Policy"]["DefaultVersionId"] == "v2" or (_ for _ in ()).throw(AssertionError()))
check("iam:GetPolicyVersion", lambda: iam.get_policy_version(PolicyArn="arn:aws:iam::111122223333:policy/demo-app-s3", VersionId="v2")["PolicyVersion"]["Document"]["Statement"][0]["Action"] == "s3:*" or (_ for _ in ()).throw(AssertionError()))

ecs = client("ecs")
check("ecs:ListClusters", lambda: len(ecs.list_clusters()["clusterArns"]) == 2 or (_ for _ in ()).throw(AssertionError()))
check("ecs:DescribeClusters", lambda: ecs.describe_clusters(clusters=["web", "internal"], include=["SETTINGS"])["clusters"][1]["settings"][0]["value"] == "enabled" or (_ for _ in ()).throw(AssertionError()))
check("ecs:ListServices", lambda: len([s for p in ecs.get_paginator("list_services").paginate(cluster="web") for s in p["serviceArns"]]) == 3 or (_ for _ in ()).throw(AssertionError()))
check("ecs:DescribeServices", lambda: ecs.describe_services(cluster="web", services=["web-frontend"])["services"][0]["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "ENABLED" or (_ for _ in ()).throw(AssertionError()))
check("ecs:ListTasks", lambda: len([t for p in ecs.get_paginator("list_tasks").paginate(cluster="web", desiredStatus="RUNNING") for t in p["taskArns"]]) == 3 or (_ for _ in ()).throw(AssertionError()))
check("ecs:DescribeTasks", lambda: ecs.describe_tasks(cluster="web", tasks=[t for p in ecs.get_paginator("list_tasks").paginate(cluster="web") for t in p["taskArns"]])["tasks"][2]["containers"][0]["imageDigest"].startswith("sha256:4d4d") or (_ for _ in ()).throw(AssertionError()))
check("ecs:DescribeTaskDefinition", lambda: ecs.describe_task_definition(taskDefinition="web:3", include=["TAGS"])["taskDefinition"]["containerDefinitions"][0]["privileged"] is True or (_ for _ in ()).throw(AssertionError()))

sts = client("sts")


def sts_web_identity():
    c = sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::111122223333:role/kubeposture", RoleSessionName="boto3", WebIdentityToken=token)["Credentials"]
    is_time(c["Expiration"])
    who = client("sts", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"]).get_caller_identity()
    assert who["Arn"] == "arn:aws:sts::111122223333:assumed-role/kubeposture/boto3", who


def sts_assume_role():
    c = sts.assume_role(RoleArn="arn:aws:iam::111122223333:role/demo-vpc-cni", RoleSessionName="boto3")["Credentials"]
    who = client("eks", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"]).describe_cluster(name="demo")
    assert who["cluster"]["name"] == "demo"


check("sts:AssumeRoleWithWebIdentity", sts_web_identity)
check("sts:AssumeRole", sts_assume_role)
check("sts:GetCallerIdentity", lambda: sts.get_caller_identity()["Account"] == "111122223333" or (_ for _ in ()).throw(AssertionError()))

elbv2 = client("elbv2")
STOREFRONT = "arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/app/k8s-shop-storefro-0a1b2c3d4e/5e6f7a8b9c0d1e2f"
LEDGER = "arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/app/k8s-payments-ledger-5f6e7d8c9b/6f7a8b9c0d1e2f30"


def elbv2_load_balancers():
    pages = list(elbv2.get_paginator("describe_load_balancers").paginate())
    lbs = [lb for p in pages for lb in p["LoadBalancers"]]
    assert [lb["LoadBalancerName"] for lb in lbs] == ["k8s-shop-storefro-0a1b2c3d4e", "k8s-payments-ledger-5f6e7d8c9b", "k8s-other-web-9z8y7x6w5v"], lbs
    assert len(pages) == 2 and lbs[0]["LoadBalancerArn"] == STOREFRONT and lbs[2]["Type"] == "network" and lbs[1]["Scheme"] == "internal", lbs
    is_time(lbs[0]["CreatedTime"])
    expect_error("LoadBalancerNotFound", lambda: elbv2.describe_load_balancers(LoadBalancerArns=[STOREFRONT[:-1] + "0"]))


def elbv2_tags():
    d = elbv2.describe_tags(ResourceArns=[STOREFRONT, LEDGER])["TagDescriptions"]
    tags = {t["ResourceArn"]: {kv["Key"]: kv["Value"] for kv in t["Tags"]} for t in d}
    assert tags[STOREFRONT]["elbv2.k8s.aws/cluster"] == "demo" and tags[LEDGER]["ingress.k8s.aws/stack"] == "payments/ledger", tags
    expect_error("ValidationError", lambda: elbv2.describe_tags(ResourceArns=[STOREFRONT] * 21))


def elbv2_listeners():
    ls = [l for p in elbv2.get_paginator("describe_listeners").paginate(LoadBalancerArn=LEDGER) for l in p["Listeners"]]
    assert [(l["Port"], l["Protocol"]) for l in ls] == [(80, "HTTP"), (443, "HTTPS")], ls
    assert ls[0]["DefaultActions"][0]["RedirectConfig"]["Protocol"] == "HTTPS" and ls[1]["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06", ls
    assert ls[1]["Certificates"][0]["CertificateArn"].startswith("arn:aws:acm:"), ls


def elbv2_attributes():
    a = {kv["Key"]: kv["Value"] for kv in elbv2.describe_load_balancer_attributes(LoadBalancerArn=STOREFRONT)["Attributes"]}
    assert a["access_logs.s3.enabled"] == "false", a


check("elasticloadbalancing:DescribeLoadBalancers", elbv2_load_balancers)
check("elasticloadbalancing:DescribeTags", elbv2_tags)
check("elasticloadbalancing:DescribeListeners", elbv2_listeners)
check("elasticloadbalancing:DescribeLoadBalancerAttributes", elbv2_attributes)

wafv2 = client("wafv2")


def wafv2_for_resource():
    acl = wafv2.get_web_acl_for_resource(ResourceArn=LEDGER)["WebACL"]
    assert acl["ARN"] == "arn:aws:wafv2:us-west-2:111122223333:regional/webacl/ledger/0a1b2c3d-0000-4000-8000-000000000001" and acl["Name"] == "ledger", acl
    assert "WebACL" not in wafv2.get_web_acl_for_resource(ResourceArn=STOREFRONT)
    expect_error("WAFNonexistentItemException", lambda: wafv2.get_web_acl_for_resource(ResourceArn=STOREFRONT[:-1] + "0"))


check("wafv2:GetWebACLForResource", wafv2_for_resource)

securityhub = client("securityhub")
PRODUCT = "arn:aws:securityhub:us-west-2:111122223333:product/111122223333/default"


def asff(i, account="111122223333"):
    return {
        "SchemaVersion": "2018-10-08", "Id": f"boto3/{i}", "ProductArn": PRODUCT, "GeneratorId": "pod.privileged", "AwsAccountId": account,
        "CreatedAt": "2026-01-15T06:00:00.000Z", "UpdatedAt": "2026-01-15T06:00:00.000Z", "Title": "t", "Description": "d",
        "Types": ["Software and Configuration Checks/AWS Security Best Practices/Kubernetes pod-security"], "Severity": {"Label": "HIGH"},
        "Resources": [{"Type": "Other", "Id": f"arn:aws:eks:us-west-2:111122223333:cluster/demo/Deployment/shop/w{i}"}],
        "ProductFields": {"kubeposture/ClusterArn": "arn:aws:eks:us-west-2:111122223333:cluster/demo"},
    }


def securityhub_import():
    r = securityhub.batch_import_findings(Findings=[asff(i) for i in range(3)] + [asff(9, account="999999999999")])
    assert r["SuccessCount"] == 3 and r["FailedCount"] == 1 and r["FailedFindings"][0]["Id"] == "boto3/9", r


def securityhub_get():
    filters = {"ProductArn": [{"Value": PRODUCT, "Comparison": "EQUALS"}],
               "ProductFields": [{"Key": "kubeposture/ClusterArn", "Value": "arn:aws:eks:us-west-2:111122223333:cluster/demo", "Comparison": "EQUALS"}]}
    pages = list(securityhub.get_paginator("get_findings").paginate(Filters=filters, PaginationConfig={"PageSize": 2}))
    found = [f for p in pages for f in p["Findings"]]
    assert sorted(f["Id"] for f in found) == ["boto3/0", "boto3/1", "boto3/2"] and len(pages) == 2, found
    assert found[0]["Workflow"]["Status"] == "NEW" and found[0]["RecordState"] == "ACTIVE"


check("securityhub:BatchImportFindings", securityhub_import)
check("securityhub:GetFindings", securityhub_get)

sys.exit(1 if failures else 0)
