using KubePosture.Checks.Aws;

namespace KubePosture.Checks.Inventory.Aws;

/// <summary>
/// Everything the AWS-side and linked checks read about the account around one EKS cluster, as immutable records
/// built from the port records (<see cref="EksCluster"/>, <see cref="Ec2Instance"/>, ...). The collector
/// (KubePosture.Aws/Collection) does all I/O and all linking that needs AWS answers (node to instance, node to node
/// group, node group to recommended AMI release); checks only read. What could not be read is in
/// <see cref="Unavailable"/>: checks that declare such a source or action are reported not evaluated, never passed.
/// </summary>
public sealed record AwsInventory
{
    public required string Region { get; init; }

    /// <summary>aws, aws-cn or aws-us-gov.</summary>
    public required string Partition { get; init; }

    /// <summary>The account of the scan's credentials (STS GetCallerIdentity), when known.</summary>
    public string? AccountId { get; init; }

    /// <summary>The EKS cluster name (configured, or discovered from node labels).</summary>
    public string? ClusterName { get; init; }

    // EKS
    /// <summary>DescribeCluster; null when it was not read (see <see cref="Unavailable"/>) or the cluster does not exist.</summary>
    public EksCluster? Cluster { get; init; }
    public IReadOnlyList<EksNodegroup> Nodegroups { get; init; } = [];
    public IReadOnlyList<EksAddon> Addons { get; init; } = [];
    public IReadOnlyList<AwsAccessEntry> AccessEntries { get; init; } = [];
    public IReadOnlyList<EksPodIdentityAssociation> PodIdentityAssociations { get; init; } = [];

    /// <summary>DescribeClusterVersions: support dates per Kubernetes version.</summary>
    public IReadOnlyList<EksClusterVersion> ClusterVersions { get; init; } = [];

    // EC2 and SSM, linked per Kubernetes node
    /// <summary>One entry per Kubernetes node with its EC2 instance, node group, AMI release and SSM state.</summary>
    public IReadOnlyList<AwsNode> Nodes { get; init; } = [];
    public IReadOnlyList<Ec2SecurityGroup> SecurityGroups { get; init; } = [];
    public IReadOnlyList<Ec2FlowLog> FlowLogs { get; init; } = [];

    /// <summary>Recommended EKS AMI release per (AMI type, Kubernetes minor) read from SSM public parameters.</summary>
    public IReadOnlyList<AmiRelease> AmiReleases { get; init; } = [];

    // IAM
    /// <summary>Every role the cluster uses: node roles, IRSA and Pod Identity roles, aws-auth and access entry roles.</summary>
    public IReadOnlyList<AwsRole> Roles { get; init; } = [];

    // ECR
    /// <summary>GetRegistryScanningConfiguration of the scan's registry; null when not read.</summary>
    public EcrRegistryScanningConfiguration? RegistryScanning { get; init; }

    /// <summary>Repositories that running images come from (in the scan's region), with their settings and policies.</summary>
    public IReadOnlyList<AwsEcrRepository> Repositories { get; init; } = [];

    /// <summary>Scan results per distinct running digest (one lookup per digest per scan).</summary>
    public IReadOnlyDictionary<EcrImageKey, EcrImageScan> ImageScans { get; init; } = new Dictionary<EcrImageKey, EcrImageScan>();

    // ECS
    public IReadOnlyList<AwsEcsCluster> EcsClusters { get; init; } = [];

    /// <summary>Task definitions that ECS services (and running tasks) actually use, by ARN.</summary>
    public IReadOnlyList<EcsTaskDefinition> EcsTaskDefinitions { get; init; } = [];

    /// <summary>Launch templates of managed node groups that name one (the version the node group uses).</summary>
    public IReadOnlyList<AwsLaunchTemplate> LaunchTemplates { get; init; } = [];

    /// <summary>The EBS volumes behind the cluster's EBS PersistentVolumes (DescribeVolumes); a volume EC2 does not know is absent.</summary>
    public IReadOnlyList<Ec2Volume> EbsVolumes { get; init; } = [];

    /// <summary>EBS encryption by default in the region (GetEbsEncryptionByDefault); null when not read.</summary>
    public bool? EbsEncryptionByDefault { get; init; }

    // KMS and CloudWatch Logs
    /// <summary>The KMS keys the cluster uses (secrets encryption, ECR repositories, control-plane and ECS log groups), each with its uses.</summary>
    public IReadOnlyList<AwsKmsKey> KmsKeys { get; init; } = [];

    /// <summary>The control-plane log group and the ECS awslogs groups, each with what writes to it.</summary>
    public IReadOnlyList<AwsLogGroup> LogGroups { get; init; } = [];

    // Detection services
    /// <summary>The region's GuardDuty detectors (at most one per account and region); empty when GuardDuty is off.</summary>
    public IReadOnlyList<GuardDutyDetector> GuardDutyDetectors { get; init; } = [];

    /// <summary>Active GuardDuty findings whose resource is this EKS cluster.</summary>
    public IReadOnlyList<GuardDutyFinding> GuardDutyFindings { get; init; } = [];

    /// <summary>Inspector's status for the scan's account; null when not read or when Inspector does not know the account.</summary>
    public InspectorAccountStatus? InspectorStatus { get; init; }

    // Elastic Load Balancing v2 and WAF
    /// <summary>
    /// The cluster's ELBv2 load balancers: tagged <see cref="Elbv2LoadBalancer.ClusterTag"/> with the cluster name by the
    /// AWS Load Balancer Controller, tagged kubernetes.io/cluster/&lt;cluster&gt; by the in-tree cloud provider, or whose
    /// DNS name a Service's or Ingress's status names.
    /// </summary>
    public IReadOnlyList<Elbv2LoadBalancer> LoadBalancers { get; init; } = [];

    /// <summary>Sources and actions that were denied or unreachable.</summary>
    public IReadOnlyList<AwsUnavailable> Unavailable { get; init; } = [];

    /// <summary>Notes about what was deliberately not read (images in another region, ambiguous scope); bounded.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public AwsNode? NodeNamed(string nodeName) => NodesByName.Find(Nodes, nodeName);

    public EksNodegroup? Nodegroup(string? name) => name is null ? null : NodegroupsByName.Find(Nodegroups, name);

    public AwsRole? Role(string arn) => RolesByArn.Find(Roles, arn);

    public AwsEcrRepository? Repository(string registryId, string name) => RepositoriesByName.Find(Repositories, (registryId, name));

    private static readonly ListIndex<AwsNode, string> NodesByName = new(n => n.NodeName, StringComparer.Ordinal);
    private static readonly ListIndex<EksNodegroup, string> NodegroupsByName = new(g => g.Name, StringComparer.Ordinal);
    private static readonly ListIndex<AwsRole, string> RolesByArn = new(r => r.Arn, StringComparer.Ordinal);
    private static readonly ListIndex<AwsEcrRepository, (string, string)> RepositoriesByName = new(r => (r.Repository.RegistryId, r.Repository.Name));

    public EcrImageScan? ScanOf(EcrImageKey key) => ImageScans.GetValueOrDefault(key);

    /// <summary>Why an inventory source (<c>aws:ecr</c>) or IAM action (<c>ecr:DescribeImageScanFindings</c>) is unavailable, or null.</summary>
    public AwsUnavailable? UnavailableFor(string sourceOrAction)
    {
        foreach (var u in Unavailable)
        {
            if (u.Matches(sourceOrAction))
                return u;
        }

        return null;
    }
}

/// <summary>
/// A source that could not be read. Source is the inventory source (<c>aws:ecr</c>); Action is the IAM action that
/// was denied (<c>ecr:DescribeImageScanFindings</c>) or <see cref="AllActions"/> when the whole service was
/// unreachable; Denied tells a permission problem from a network or service one.
/// </summary>
public sealed record AwsUnavailable(string Source, string Action, string Reason, bool Denied)
{
    public const string AllActions = "*";

    /// <summary>The IAM service prefix of <see cref="Source"/>: aws:ecr → ecr.</summary>
    public string Service => Source.StartsWith("aws:", StringComparison.Ordinal) ? Source[4..] : Source;

    /// <summary>
    /// Whether this entry makes a declared source or action unavailable. A denied action makes only that action
    /// unavailable (checks declare the actions they read); an unreachable service (<see cref="AllActions"/>) makes its
    /// source and every one of its actions unavailable.
    /// </summary>
    public bool Matches(string sourceOrAction)
    {
        if (sourceOrAction == Action)
            return true;
        return Action == AllActions
            && (sourceOrAction == Source || sourceOrAction.StartsWith(Service + ":", StringComparison.Ordinal));
    }

    /// <summary>The problem as the scan reports it: forbidden when denied, unreachable otherwise.</summary>
    public SourceProblem Problem => Denied ? SourceProblem.Forbidden(Reason) : SourceProblem.Unreachable(Reason);

    /// <summary>The source or action this entry makes unavailable: the action, or the source when the whole service was unreachable.</summary>
    public string Key => Action == AllActions ? Source : Action;

    public override string ToString() => $"{Key}: {Reason}";
}

/// <summary>An access entry with the access policies associated with it.</summary>
public sealed record AwsAccessEntry(EksAccessEntry Entry, IReadOnlyList<EksAssociatedAccessPolicy> Policies);

/// <summary>
/// A Kubernetes node linked to AWS: its instance (from spec.providerID), node group (label
/// <c>eks.amazonaws.com/nodegroup</c>; null for self-managed nodes), recommended AMI release for its AMI type and
/// Kubernetes version, and SSM registration and patch state (null when SSM does not know the instance).
/// </summary>
public sealed record AwsNode(
    string NodeName,
    string? InstanceId,
    string? AvailabilityZone,
    Ec2Instance? Instance,
    string? NodegroupName,
    string? ReleaseVersion,
    string? AmiType,
    string? RecommendedReleaseVersion,
    SsmInstanceInformation? SsmInstance,
    SsmPatchState? PatchState)
{
    public bool Managed => NodegroupName is not null;

    /// <summary>Fargate and non-EC2 nodes have no instance id in their providerID.</summary>
    public bool IsEc2 => InstanceId is not null;
}

/// <summary>The recommended release of an EKS optimized AMI for an AMI type and Kubernetes minor (null when SSM has none).</summary>
public sealed record AmiRelease(string AmiType, string KubernetesVersion, string ParameterName, string? RecommendedReleaseVersion);

/// <summary>How the cluster uses an IAM role.</summary>
public enum AwsRoleUseKind
{
    NodeRole,
    Irsa,
    PodIdentity,
    AwsAuth,
    AccessEntry,
    AddonRole,
    EcsTaskRole,
    EcsExecutionRole,

    /// <summary>
    /// Mapped to nodes: an aws-auth mapRoles entry whose groups are system:nodes (with system:bootstrappers at most),
    /// or an EC2_LINUX/EC2_WINDOWS access entry. EKS writes one for every managed node group's role.
    /// </summary>
    NodeMapping,
}

/// <summary>One use of a role: Subject is "namespace/serviceaccount", the node group name, or the aws-auth/access entry username.</summary>
public sealed record AwsRoleUse(AwsRoleUseKind Kind, string Subject)
{
    /// <summary>The use is a node's: a node group role or a node mapping.</summary>
    public bool IsNode => Kind is AwsRoleUseKind.NodeRole or AwsRoleUseKind.NodeMapping;

    /// <summary>aws-auth groups that make a mapping a node mapping: system:nodes, and nothing but system:bootstrappers besides.</summary>
    public static bool MapsToNodes(IReadOnlyList<string> groups) =>
        groups.Contains("system:nodes") && groups.All(g => g is "system:nodes" or "system:bootstrappers");

    /// <summary>Access entry types EKS uses for node roles.</summary>
    public static bool IsNodeAccessEntry(string? type) => type is "EC2_LINUX" or "EC2_WINDOWS" or "HYBRID_LINUX";
}

/// <summary>
/// An IAM role the cluster uses. Permissions is null when the role does not exist (NoSuchEntity,
/// <see cref="Exists"/> false) or was not readable (then <see cref="AwsInventory.Unavailable"/> says why and
/// <see cref="Exists"/> is null).
/// </summary>
public sealed record AwsRole(string Arn, string Name, bool? Exists, IamRolePermissions? Permissions, IReadOnlyList<AwsRoleUse> Uses);

/// <summary>
/// An ECR repository with its effective scanning, repository policy and lifecycle policy (JSON text; null when
/// absent or when unreadable — <see cref="AwsInventory.Unavailable"/> tells which).
/// </summary>
public sealed record AwsEcrRepository(
    EcrRepository Repository,
    EcrRepositoryScanningConfiguration? Scanning,
    string? Policy,
    string? LifecyclePolicy);

/// <summary>An ECS cluster with its services and running tasks (whose containers report the digest that runs).</summary>
public sealed record AwsEcsCluster(EcsCluster Cluster, IReadOnlyList<EcsService> Services, IReadOnlyList<EcsTask>? Tasks = null)
{
    public IReadOnlyList<EcsTask> RunningTasks => Tasks ?? [];
}

/// <summary>A managed node group's launch template version (null when the template or version does not exist).</summary>
public sealed record AwsLaunchTemplate(string NodegroupName, EksLaunchTemplateRef Reference, Ec2LaunchTemplateVersion? Version);

/// <summary>
/// A KMS key the cluster depends on, with what uses it ("secrets of EKS cluster demo", "ECR repository demo/worker").
/// Key is null when the key does not exist (NotFound) or was in another account and not read.
/// </summary>
public sealed record AwsKmsKey(string KeyArn, KmsKey? Key, IReadOnlyList<string> Uses)
{
    /// <summary>
    /// True when <paramref name="keyArn"/> names an account other than <paramref name="account"/> (the scan's): that
    /// account describes the key and answers for it, so it is not read here and never reported as gone.
    /// </summary>
    public static bool OfAnotherAccount(string keyArn, string? account) =>
        account is not null && AwsArn.TryParse(keyArn, out var arn) && arn.AccountId is { Length: > 0 } owner && owner != account;
}

/// <summary>A log group the cluster or its ECS tasks write to, and who writes there; Group is null when it does not exist.</summary>
public sealed record AwsLogGroup(string Name, IReadOnlyList<string> Writers, LogGroup? Group);
