using KubePosture.Checks.Inventory.Aws;

namespace KubePosture.Checks.Inventory;

/// <summary>
/// Everything a scan's checks read, as slim records. Built by the operator from its watch caches (or by the
/// offline scan from manifests); checks never see SDK or KubernetesClient types.
/// </summary>
public sealed record ClusterInventory
{
    /// <summary>The scan's "now": checks compare ages and expiries against it, never against a clock.</summary>
    public required DateTimeOffset ScanTime { get; init; }

    public required InventoryScope Scope { get; init; }

    /// <summary>Control plane version (<c>/version</c> gitVersion), when known.</summary>
    public string? ControlPlaneVersion { get; init; }

    public IReadOnlyList<NamespaceRecord> Namespaces { get; init; } = [];
    public IReadOnlyList<WorkloadRecord> Workloads { get; init; } = [];
    public IReadOnlyList<ServiceAccountRecord> ServiceAccounts { get; init; } = [];
    public IReadOnlyList<RoleRecord> Roles { get; init; } = [];
    public IReadOnlyList<BindingRecord> Bindings { get; init; } = [];
    public IReadOnlyList<NetworkPolicyRecord> NetworkPolicies { get; init; } = [];
    public IReadOnlyList<ServiceRecord> Services { get; init; } = [];
    public IReadOnlyList<IngressRecord> Ingresses { get; init; } = [];
    public IReadOnlyList<IngressClassRecord> IngressClasses { get; init; } = [];
    public IReadOnlyList<NodeRecord> Nodes { get; init; } = [];
    public IReadOnlyList<StorageClassRecord> StorageClasses { get; init; } = [];
    public IReadOnlyList<PersistentVolumeRecord> PersistentVolumes { get; init; } = [];

    /// <summary>Objects the scanned manifests wrote in a removed API version (offline scans only), once each.</summary>
    public IReadOnlyList<RemovedApiObjectRecord> RemovedApiObjects { get; init; } = [];

    /// <summary>kube-system/aws-auth, when present and readable.</summary>
    public AwsAuthRecord? AwsAuth { get; init; }

    /// <summary>
    /// Sources that could not be read, keyed by <see cref="InventorySource"/> name with why (for example
    /// "clusterroles.rbac.authorization.k8s.io": forbidden). Checks that need one are reported as not evaluated.
    /// </summary>
    public IReadOnlyDictionary<string, SourceProblem> UnavailableSources { get; init; } = new Dictionary<string, SourceProblem>();

    /// <summary>Scan-level settings checks read (maximum ages, registry allowlist).</summary>
    public CheckSettings Settings { get; init; } = CheckSettings.Default;

    /// <summary>
    /// The AWS account around the cluster, when the scan may read AWS (tenancy rule) and collection ran; null
    /// otherwise. AWS checks find nothing without it, and the engine reports them not evaluated.
    /// </summary>
    public AwsInventory? Aws { get; init; }

    /// <summary>This inventory with the AWS side attached.</summary>
    public ClusterInventory WithAws(AwsInventory? aws) => this with { Aws = aws };

    /// <summary>The ServiceAccount <paramref name="name"/> in <paramref name="namespace"/>, or null.</summary>
    public ServiceAccountRecord? ServiceAccount(string @namespace, string name) => ServiceAccountsByName.Find(ServiceAccounts, (@namespace, name));

    private static readonly ListIndex<ServiceAccountRecord, (string, string)> ServiceAccountsByName = new(a => (a.Namespace, a.Name));
}

/// <summary>Per-scan settings that change what a check reports.</summary>
public sealed record CheckSettings(TimeSpan? MaxNodeAge, TimeSpan MaxEcrScanAge, IReadOnlyList<string> AllowedRegistries)
{
    public static CheckSettings Default { get; } = new(null, TimeSpan.FromDays(30), []);

    /// <summary>node.patch-noncompliant: an SSM patch operation older than this counts as not patched.</summary>
    public TimeSpan MaxPatchAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>logs.retention-short: log groups must keep logs at least this many days (spec.aws.minLogRetentionDays).</summary>
    public int MinLogRetentionDays { get; init; } = 365;
}
