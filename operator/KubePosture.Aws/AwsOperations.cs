namespace KubePosture.Aws;

/// <summary>
/// Every operation the adapters call. deploy/iam-policy.json must grant exactly these actions; a test keeps the two
/// in step, and every call goes through one of these so none can be added without the test seeing it.
/// </summary>
public static class AwsOperations
{
    public static readonly AwsOperation EcrDescribeRepositories = new("ecr", "DescribeRepositories", "ecr:DescribeRepositories");
    public static readonly AwsOperation EcrDescribeImages = new("ecr", "DescribeImages", "ecr:DescribeImages");
    public static readonly AwsOperation EcrDescribeImageScanFindings = new("ecr", "DescribeImageScanFindings", "ecr:DescribeImageScanFindings");
    public static readonly AwsOperation EcrGetRegistryScanningConfiguration = new("ecr", "GetRegistryScanningConfiguration", "ecr:GetRegistryScanningConfiguration");
    public static readonly AwsOperation EcrBatchGetRepositoryScanningConfiguration = new("ecr", "BatchGetRepositoryScanningConfiguration", "ecr:BatchGetRepositoryScanningConfiguration");
    public static readonly AwsOperation EcrGetRepositoryPolicy = new("ecr", "GetRepositoryPolicy", "ecr:GetRepositoryPolicy");
    public static readonly AwsOperation EcrGetLifecyclePolicy = new("ecr", "GetLifecyclePolicy", "ecr:GetLifecyclePolicy");

    public static readonly AwsOperation EksDescribeCluster = new("eks", "DescribeCluster", "eks:DescribeCluster");
    public static readonly AwsOperation EksListNodegroups = new("eks", "ListNodegroups", "eks:ListNodegroups");
    public static readonly AwsOperation EksDescribeNodegroup = new("eks", "DescribeNodegroup", "eks:DescribeNodegroup");
    public static readonly AwsOperation EksListAccessEntries = new("eks", "ListAccessEntries", "eks:ListAccessEntries");
    public static readonly AwsOperation EksDescribeAccessEntry = new("eks", "DescribeAccessEntry", "eks:DescribeAccessEntry");
    public static readonly AwsOperation EksListAssociatedAccessPolicies = new("eks", "ListAssociatedAccessPolicies", "eks:ListAssociatedAccessPolicies");
    public static readonly AwsOperation EksListPodIdentityAssociations = new("eks", "ListPodIdentityAssociations", "eks:ListPodIdentityAssociations");
    public static readonly AwsOperation EksDescribePodIdentityAssociation = new("eks", "DescribePodIdentityAssociation", "eks:DescribePodIdentityAssociation");
    public static readonly AwsOperation EksListAddons = new("eks", "ListAddons", "eks:ListAddons");
    public static readonly AwsOperation EksDescribeAddon = new("eks", "DescribeAddon", "eks:DescribeAddon");
    public static readonly AwsOperation EksDescribeAddonVersions = new("eks", "DescribeAddonVersions", "eks:DescribeAddonVersions");
    public static readonly AwsOperation EksDescribeClusterVersions = new("eks", "DescribeClusterVersions", "eks:DescribeClusterVersions");

    public static readonly AwsOperation Ec2DescribeInstances = new("ec2", "DescribeInstances", "ec2:DescribeInstances");
    public static readonly AwsOperation Ec2DescribeSecurityGroups = new("ec2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups");
    public static readonly AwsOperation Ec2DescribeFlowLogs = new("ec2", "DescribeFlowLogs", "ec2:DescribeFlowLogs");
    public static readonly AwsOperation Ec2DescribeLaunchTemplateVersions = new("ec2", "DescribeLaunchTemplateVersions", "ec2:DescribeLaunchTemplateVersions");
    public static readonly AwsOperation Ec2DescribeVolumes = new("ec2", "DescribeVolumes", "ec2:DescribeVolumes");
    public static readonly AwsOperation Ec2GetEbsEncryptionByDefault = new("ec2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault");

    public static readonly AwsOperation KmsDescribeKey = new("kms", "DescribeKey", "kms:DescribeKey");
    public static readonly AwsOperation KmsGetKeyRotationStatus = new("kms", "GetKeyRotationStatus", "kms:GetKeyRotationStatus");
    public static readonly AwsOperation KmsGetKeyPolicy = new("kms", "GetKeyPolicy", "kms:GetKeyPolicy");

    public static readonly AwsOperation LogsDescribeLogGroups = new("logs", "DescribeLogGroups", "logs:DescribeLogGroups");

    public static readonly AwsOperation GuardDutyListDetectors = new("guardduty", "ListDetectors", "guardduty:ListDetectors");
    public static readonly AwsOperation GuardDutyGetDetector = new("guardduty", "GetDetector", "guardduty:GetDetector");
    public static readonly AwsOperation GuardDutyListFindings = new("guardduty", "ListFindings", "guardduty:ListFindings");
    public static readonly AwsOperation GuardDutyGetFindings = new("guardduty", "GetFindings", "guardduty:GetFindings");

    public static readonly AwsOperation Inspector2BatchGetAccountStatus = new("inspector2", "BatchGetAccountStatus", "inspector2:BatchGetAccountStatus");

    public static readonly AwsOperation Elbv2DescribeLoadBalancers = new("elasticloadbalancing", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers");
    public static readonly AwsOperation Elbv2DescribeTags = new("elasticloadbalancing", "DescribeTags", "elasticloadbalancing:DescribeTags");
    public static readonly AwsOperation Elbv2DescribeListeners = new("elasticloadbalancing", "DescribeListeners", "elasticloadbalancing:DescribeListeners");
    public static readonly AwsOperation Elbv2DescribeLoadBalancerAttributes = new("elasticloadbalancing", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes");

    public static readonly AwsOperation Wafv2GetWebAclForResource = new("wafv2", "GetWebACLForResource", "wafv2:GetWebACLForResource");

    public static readonly AwsOperation SsmGetParameter = new("ssm", "GetParameter", "ssm:GetParameter");
    public static readonly AwsOperation SsmDescribeInstancePatchStates = new("ssm", "DescribeInstancePatchStates", "ssm:DescribeInstancePatchStates");
    public static readonly AwsOperation SsmDescribeInstanceInformation = new("ssm", "DescribeInstanceInformation", "ssm:DescribeInstanceInformation");

    public static readonly AwsOperation IamGetRole = new("iam", "GetRole", "iam:GetRole");
    public static readonly AwsOperation IamListAttachedRolePolicies = new("iam", "ListAttachedRolePolicies", "iam:ListAttachedRolePolicies");
    public static readonly AwsOperation IamListRolePolicies = new("iam", "ListRolePolicies", "iam:ListRolePolicies");
    public static readonly AwsOperation IamGetRolePolicy = new("iam", "GetRolePolicy", "iam:GetRolePolicy");
    public static readonly AwsOperation IamGetPolicy = new("iam", "GetPolicy", "iam:GetPolicy");
    public static readonly AwsOperation IamGetPolicyVersion = new("iam", "GetPolicyVersion", "iam:GetPolicyVersion");

    public static readonly AwsOperation EcsListClusters = new("ecs", "ListClusters", "ecs:ListClusters");
    public static readonly AwsOperation EcsDescribeClusters = new("ecs", "DescribeClusters", "ecs:DescribeClusters");
    public static readonly AwsOperation EcsListServices = new("ecs", "ListServices", "ecs:ListServices");
    public static readonly AwsOperation EcsDescribeServices = new("ecs", "DescribeServices", "ecs:DescribeServices");
    public static readonly AwsOperation EcsDescribeTaskDefinition = new("ecs", "DescribeTaskDefinition", "ecs:DescribeTaskDefinition");
    public static readonly AwsOperation EcsListTasks = new("ecs", "ListTasks", "ecs:ListTasks");
    public static readonly AwsOperation EcsDescribeTasks = new("ecs", "DescribeTasks", "ecs:DescribeTasks");

    /// <summary>Security Hub export (optional: only scans with spec.export.securityHub call these; deploy/iam-policy.json grants them in a statement of their own).</summary>
    public static readonly AwsOperation SecurityHubBatchImportFindings = new("securityhub", "BatchImportFindings", "securityhub:BatchImportFindings");
    public static readonly AwsOperation SecurityHubGetFindings = new("securityhub", "GetFindings", "securityhub:GetFindings");

    public static readonly AwsOperation StsGetCallerIdentity = new("sts", "GetCallerIdentity", "sts:GetCallerIdentity");
    public static readonly AwsOperation StsAssumeRole = new("sts", "AssumeRole", "sts:AssumeRole");

    /// <summary>The operations that write (the Security Hub export); everything else only reads.</summary>
    public static IReadOnlyList<AwsOperation> Export { get; } = [SecurityHubBatchImportFindings, SecurityHubGetFindings];

    /// <summary>All operations, found by reflection over this class's fields.</summary>
    public static IReadOnlyList<AwsOperation> All { get; } = typeof(AwsOperations)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(AwsOperation))
        .Select(f => (AwsOperation)f.GetValue(null)!)
        .ToArray();
}
