using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests.Support;

/// <summary>
/// Test-side builders of AWS inventory records. Defaults are a hardened account (private endpoint, encrypted secrets,
/// all control plane logs, IMDSv2 required with hop limit 1, no public IPs, current AMI, patched SSM-managed nodes,
/// immutable KMS-encrypted repositories scanned on push) so each test changes only what it asserts. Combine with
/// <see cref="Build"/> for the in-cluster side: <c>AwsBuild.Scan(aws, workloads: [...])</c>.
/// </summary>
public static class AwsBuild
{
    public const string Account = "111122223333";
    public const string Region = "us-west-2";
    public const string ClusterName = "demo";
    public const string Registry = Account + ".dkr.ecr." + Region + ".amazonaws.com";
    public const string Digest = "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";
    public const string OtherDigest = "sha256:2a2b2c2d2e2f202122232425262728292a2b2c2d2e2f20212223242526272829";
    public const string OidcIssuer = "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

    public static DateTimeOffset Now => Build.Now;

    public static AwsInventory Inventory(
        EksCluster? cluster = null,
        IEnumerable<AwsNode>? nodes = null,
        IEnumerable<EksNodegroup>? nodegroups = null,
        IEnumerable<AwsRole>? roles = null,
        IEnumerable<AwsEcrRepository>? repositories = null,
        IEnumerable<EcrImageScan>? scans = null,
        EcrRegistryScanningConfiguration? registryScanning = null,
        IEnumerable<Ec2SecurityGroup>? securityGroups = null,
        IEnumerable<Ec2FlowLog>? flowLogs = null,
        IEnumerable<AwsAccessEntry>? accessEntries = null,
        IEnumerable<EksPodIdentityAssociation>? podIdentity = null,
        IEnumerable<EksClusterVersion>? clusterVersions = null,
        IEnumerable<AwsEcsCluster>? ecsClusters = null,
        IEnumerable<EcsTaskDefinition>? taskDefinitions = null,
        IEnumerable<AwsUnavailable>? unavailable = null) =>
        new()
        {
            Region = Region,
            Partition = AwsPartitions.Aws,
            AccountId = Account,
            ClusterName = ClusterName,
            Cluster = cluster ?? Cluster(),
            Nodes = [.. nodes ?? []],
            Nodegroups = [.. nodegroups ?? []],
            Roles = [.. roles ?? []],
            Repositories = [.. repositories ?? []],
            ImageScans = (scans ?? []).ToDictionary(s => s.Key),
            RegistryScanning = registryScanning ?? RegistryScanning("ENHANCED", "CONTINUOUS_SCAN"),
            SecurityGroups = [.. securityGroups ?? []],
            FlowLogs = [.. flowLogs ?? [FlowLog("vpc-0demo")]],
            AccessEntries = [.. accessEntries ?? []],
            PodIdentityAssociations = [.. podIdentity ?? []],
            ClusterVersions = [.. clusterVersions ?? [Version("1.33", Now.AddMonths(8), Now.AddMonths(20))]],
            EcsClusters = [.. ecsClusters ?? []],
            EcsTaskDefinitions = [.. taskDefinitions ?? []],
            Unavailable = [.. unavailable ?? []],
        };

    /// <summary>A cluster-wide, AWS-enabled scan of the in-cluster objects with the AWS side attached.</summary>
    public static ClusterInventory Scan(
        AwsInventory? aws = null,
        IEnumerable<WorkloadRecord>? workloads = null,
        IEnumerable<NodeRecord>? nodes = null,
        IEnumerable<ServiceAccountRecord>? serviceAccounts = null,
        IEnumerable<ServiceRecord>? services = null,
        AwsAuthRecord? awsAuth = null,
        CheckSettings? settings = null) =>
        Build.Cluster(workloads, serviceAccounts: serviceAccounts, services: services, nodes: nodes, awsAuth: awsAuth, settings: settings, controlPlaneVersion: "v1.33.1-eks-1234567")
            .WithAws(aws ?? Inventory());

    // EKS
    public static EksCluster Cluster(
        string version = "1.33",
        bool publicEndpoint = false,
        IReadOnlyList<string>? publicCidrs = null,
        bool encrypted = true,
        IReadOnlyList<string>? logTypes = null,
        string authenticationMode = "API",
        string? oidcIssuer = OidcIssuer) =>
        new(ClusterName, $"arn:aws:eks:{Region}:{Account}:cluster/{ClusterName}", version, "eks.5", "ACTIVE",
            publicEndpoint, true, publicCidrs ?? (publicEndpoint ? ["0.0.0.0/0"] : []), "vpc-0demo", ["subnet-a", "subnet-b"], ["sg-0additional"],
            "sg-0cluster", encrypted ? [new EksEncryptionConfig(["secrets"], $"arn:aws:kms:{Region}:{Account}:key/demo")] : [],
            [new EksLogSetting(logTypes ?? ["api", "audit", "authenticator", "controllerManager", "scheduler"], true)],
            authenticationMode, oidcIssuer, "STANDARD", new Dictionary<string, string>());

    public static EksClusterVersion Version(string version, DateTimeOffset endOfStandard, DateTimeOffset endOfExtended) =>
        new(version, "STANDARD_SUPPORT", endOfStandard.AddYears(-1), endOfStandard, endOfExtended);

    public static EksNodegroup Nodegroup(string name = "ng-1", string releaseVersion = "1.33.1-20251101", string amiType = "AL2023_x86_64_STANDARD",
        string version = "1.33", string? nodeRole = null) =>
        new(ClusterName, name, $"arn:aws:eks:{Region}:{Account}:nodegroup/{ClusterName}/{name}/id", version, releaseVersion, amiType, "ACTIVE", "ON_DEMAND",
            ["m6i.large"], ["subnet-a"], nodeRole ?? NodeRoleArn, null, [], null, []);

    public const string NodeRoleArn = "arn:aws:iam::" + Account + ":role/demo-node-role";

    // EC2 and SSM
    public static Ec2Instance Instance(string id = "i-0000000000000001", string httpTokens = "required", int hopLimit = 1, string? publicIp = null,
        IReadOnlyList<string>? securityGroups = null) =>
        new(id, "running", "m6i.large", "ami-0demo", "subnet-a", "vpc-0demo", "10.0.1.10", publicIp, "ip-10-0-1-10.us-west-2.compute.internal",
            securityGroups ?? ["sg-0node"], $"arn:aws:iam::{Account}:instance-profile/demo-node", new Ec2MetadataOptions(httpTokens, hopLimit, "enabled", "applied"),
            new Dictionary<string, string> { ["aws:eks:cluster-name"] = ClusterName }, Now.AddDays(-3));

    public static SsmInstanceInformation SsmOnline(string instanceId) =>
        new(instanceId, "Online", Now.AddMinutes(-5), "3.3.0", true, "Linux", "Amazon Linux", "2023");

    public static SsmPatchState PatchState(string instanceId, int critical = 0, int security = 0, int missing = 0, int failed = 0, DateTimeOffset? lastOperation = null) =>
        new(instanceId, "eks-nodes", "pb-0demo", critical, security, 0, missing, failed, 400, 0, "Install",
            (lastOperation ?? Now.AddDays(-2)).AddMinutes(-5), lastOperation ?? Now.AddDays(-2));

    /// <summary>A managed node on a current AMI, IMDSv2 only, SSM online and patched. Pass null pieces to drop them.</summary>
    public static AwsNode Node(
        string name = "node-1",
        Ec2Instance? instance = null,
        string? nodegroup = "ng-1",
        string? releaseVersion = "1.33.1-20251101",
        string? recommended = "1.33.1-20251101",
        bool ssm = true,
        SsmPatchState? patchState = null,
        bool noPatchState = false)
    {
        instance ??= Instance($"i-{name}");
        return new AwsNode(name, instance.InstanceId, "us-west-2a", instance, nodegroup, nodegroup is null ? null : releaseVersion,
            nodegroup is null ? null : "AL2023_x86_64_STANDARD", nodegroup is null ? null : recommended,
            ssm ? SsmOnline(instance.InstanceId) : null, noPatchState || !ssm ? null : patchState ?? PatchState(instance.InstanceId));
    }

    public static Ec2FlowLog FlowLog(string resourceId) =>
        new($"fl-{resourceId}", resourceId, "ALL", "ACTIVE", "SUCCESS", "cloud-watch-logs", "arn:aws:logs:us-west-2:111122223333:log-group:flow");

    // IAM
    public static AwsRole Role(string name, bool exists = true, string trust = "{}", IReadOnlyList<string>? documents = null, params AwsRoleUse[] uses)
    {
        var arn = $"arn:aws:iam::{Account}:role/{name}";
        var role = new IamRole(name, arn, "AROADEMO" + name.Length, "/", trust, Now.AddYears(-1), 3600, null);
        return new AwsRole(arn, name, exists, exists ? new IamRolePermissions(role, [],
            [.. (documents ?? []).Select((d, i) => new IamPolicyDocument($"inline-{i}", null, null, d))]) : null, uses);
    }

    // ECR
    public static EcrImageKey Key(string repository = "demo/api", string digest = Digest) => new(Account, repository, digest);

    /// <summary>The image reference and imageID a pod reports for a private ECR image.</summary>
    public static RunningImage Running(string repository = "demo/api", string digest = Digest, string tag = "1.0", string container = "app") =>
        new(container, $"{Registry}/{repository}:{tag}", $"{Registry}/{repository}@{digest}");

    /// <summary>A Deployment whose pods run the given images (spec references the same images by tag).</summary>
    public static WorkloadRecord RunningWorkload(string name = "api", string ns = "team-a", params RunningImage[] images)
    {
        images = images.Length == 0 ? [Running()] : images;
        return Build.Workload(Build.Spec([.. images.Select(i => Build.Container(i.ContainerName, image: i.Image))]), ns: ns, name: name, running: images);
    }

    public static AwsEcrRepository Repository(string name = "demo/api", bool immutable = true, bool scanOnPush = true, bool kms = true,
        string? policy = null, string? lifecycle = "{\"rules\":[]}", string? scanFrequency = "CONTINUOUS_SCAN") =>
        new(new EcrRepository(Account, name, $"arn:aws:ecr:{Region}:{Account}:repository/{name}", $"{Registry}/{name}", Now.AddYears(-1),
                immutable ? "IMMUTABLE" : "MUTABLE", scanOnPush, kms ? "KMS" : "AES256", kms ? $"arn:aws:kms:{Region}:{Account}:key/ecr" : null),
            scanFrequency is null ? null : new EcrRepositoryScanningConfiguration(name, scanFrequency, scanOnPush, ["*"]),
            policy, lifecycle);

    public static EcrRegistryScanningConfiguration RegistryScanning(string scanType, string frequency, string filter = "*") =>
        new(Account, scanType, [new EcrScanningRule(frequency, [filter])]);

    public static EcrVulnerability Vulnerability(string id, string severity = "CRITICAL", string? fix = "YES", string? fixedIn = "1.2.3") =>
        new(id, severity, "openssl", "3.0.1", fixedIn, fix, 9.8, $"https://nvd.nist.gov/vuln/detail/{id}");

    public static EcrImageScan Scan(EcrImageKey? key = null, string status = "COMPLETE", bool enhanced = true, DateTimeOffset? completedAt = null,
        params EcrVulnerability[] findings) =>
        new(key ?? Key(), status, null, completedAt ?? Now.AddDays(-1), Now.AddDays(-1), enhanced,
            findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count()), findings);

    // Availability
    public static AwsUnavailable Denied(string action) =>
        new("aws:" + action.Split(':')[0], action, "AccessDenied: not authorized", true);

    public static AwsUnavailable Unreachable(string source) =>
        new(source, AwsUnavailable.AllActions, "connection refused", false);
}
