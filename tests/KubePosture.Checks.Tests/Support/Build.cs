using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Tests.Support;

/// <summary>
/// Test-side builders of inventory records. Defaults are a fully hardened workload (restricted level, pinned image,
/// dedicated service account, token not mounted, resources set) so that each test changes only what it asserts.
/// </summary>
public static class Build
{
    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string PinnedImage = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2@" + Digest;
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    public static ContainerSecurityContextRecord HardenedContext { get; } = new(
        Privileged: false,
        AllowPrivilegeEscalation: false,
        ReadOnlyRootFilesystem: true,
        RunAsUser: null,
        RunAsNonRoot: null,
        SeccompProfileType: null,
        AppArmorProfileType: null,
        SeLinuxType: null,
        ProcMount: null,
        CapabilitiesAdd: [],
        CapabilitiesDrop: ["ALL"]);

    public static PodSecurityContextRecord HardenedPodContext { get; } = new(
        RunAsUser: 10001,
        RunAsGroup: 10001,
        RunAsNonRoot: true,
        SeccompProfileType: "RuntimeDefault",
        AppArmorProfileType: null,
        SeLinuxType: null,
        Sysctls: []);

    public static ResourcesRecord AllResources { get; } = new(true, true, true, true);

    public static ContainerRecord Container(
        string name = "app",
        ContainerKind kind = ContainerKind.Container,
        string image = PinnedImage,
        ContainerSecurityContextRecord? securityContext = null) =>
        new(name, kind, image, securityContext ?? HardenedContext, [], kind == ContainerKind.Ephemeral ? ResourcesRecord.None : AllResources, [], []);

    public static ContainerRecord With(this ContainerRecord c, Func<ContainerSecurityContextRecord, ContainerSecurityContextRecord> change) =>
        c with { SecurityContext = change(c.SecurityContext) };

    public static PodSpecRecord Spec(params ContainerRecord[] containers) => new(
        HostNetwork: false,
        HostPid: false,
        HostIpc: false,
        ServiceAccountName: "web",
        AutomountServiceAccountToken: false,
        SecurityContext: HardenedPodContext,
        Containers: containers.Length == 0 ? [Container()] : containers,
        Volumes: []);

    public static WorkloadRecord Workload(
        PodSpecRecord? spec = null,
        string kind = "Deployment",
        string ns = "team-a",
        string name = "web",
        IReadOnlyDictionary<string, string>? podLabels = null,
        IReadOnlyList<RunningImage>? running = null) =>
        new(
            new ResourceRef(ApiVersionOf(kind), kind, ns, name),
            new Dictionary<string, string>(),
            new Dictionary<string, string>(),
            podLabels ?? new Dictionary<string, string> { ["app"] = name },
            spec ?? Spec(),
            1,
            running ?? [],
            ["node-1"]);

    public static WorkloadRecord WithSpec(this WorkloadRecord w, Func<PodSpecRecord, PodSpecRecord> change) => w with { Spec = change(w.Spec) };

    /// <summary>Applies a change to every container of the workload.</summary>
    public static WorkloadRecord WithContainers(this WorkloadRecord w, Func<ContainerRecord, ContainerRecord> change) =>
        w with { Spec = w.Spec with { Containers = [.. w.Spec.Containers.Select(change)] } };

    public static string ApiVersionOf(string kind) => kind switch
    {
        "Pod" or "ReplicationController" => "v1",
        "Job" or "CronJob" => "batch/v1",
        _ => "apps/v1",
    };

    public static InventoryScope ClusterScope(params string[] namespaces) =>
        new(new HashSet<string>(namespaces.Length == 0 ? ["team-a", "team-b", "kube-system", "default"] : namespaces), true, true, false);

    public static ClusterInventory Cluster(
        IEnumerable<WorkloadRecord>? workloads = null,
        IEnumerable<NamespaceRecord>? namespaces = null,
        IEnumerable<ServiceAccountRecord>? serviceAccounts = null,
        IEnumerable<RoleRecord>? roles = null,
        IEnumerable<BindingRecord>? bindings = null,
        IEnumerable<NetworkPolicyRecord>? policies = null,
        IEnumerable<ServiceRecord>? services = null,
        IEnumerable<NodeRecord>? nodes = null,
        AwsAuthRecord? awsAuth = null,
        string? controlPlaneVersion = null,
        InventoryScope? scope = null,
        CheckSettings? settings = null,
        DateTimeOffset? scanTime = null) =>
        new()
        {
            ScanTime = scanTime ?? Now,
            Scope = scope ?? ClusterScope(),
            ControlPlaneVersion = controlPlaneVersion,
            Workloads = [.. workloads ?? []],
            Namespaces = [.. namespaces ?? []],
            ServiceAccounts = [.. serviceAccounts ?? []],
            Roles = [.. roles ?? []],
            Bindings = [.. bindings ?? []],
            NetworkPolicies = [.. policies ?? []],
            Services = [.. services ?? []],
            Nodes = [.. nodes ?? []],
            AwsAuth = awsAuth,
            Settings = settings ?? CheckSettings.Default,
        };

    public static ClusterInventory Of(params WorkloadRecord[] workloads) => Cluster(workloads);

    public static NamespaceRecord Namespace(string name, params (string Key, string Value)[] labels) =>
        new(name, labels.ToDictionary(l => l.Key, l => l.Value));

    // RBAC.
    public static PolicyRuleRecord Rule(string[] verbs, string[] resources, string[]? apiGroups = null, string[]? resourceNames = null) =>
        new(verbs, apiGroups ?? [""], resources, resourceNames ?? [], []);

    public static RoleRecord ClusterRole(string name, params PolicyRuleRecord[] rules) =>
        new("ClusterRole", null, name, new Dictionary<string, string>(), rules, null);

    public static RoleRecord Role(string ns, string name, params PolicyRuleRecord[] rules) =>
        new("Role", ns, name, new Dictionary<string, string>(), rules, null);

    public static BindingRecord ClusterRoleBinding(string name, string clusterRole, params SubjectRecord[] subjects) =>
        new("ClusterRoleBinding", null, name, "ClusterRole", clusterRole, subjects);

    public static BindingRecord RoleBinding(string ns, string name, string roleKind, string roleName, params SubjectRecord[] subjects) =>
        new("RoleBinding", ns, name, roleKind, roleName, subjects);

    public static SubjectRecord User(string name) => new("User", name, null);

    public static SubjectRecord Group(string name) => new("Group", name, null);

    public static SubjectRecord ServiceAccount(string ns, string name) => new("ServiceAccount", name, ns);

    // Network policies.
    public static NetworkPolicyRecord Policy(
        string ns,
        string name,
        LabelSelector? podSelector = null,
        bool ingress = true,
        bool egress = false,
        IReadOnlyList<NetworkPolicyRuleRecord>? ingressRules = null,
        IReadOnlyList<NetworkPolicyRuleRecord>? egressRules = null) =>
        new(ns, name, podSelector ?? LabelSelector.Everything, ingress, egress, ingressRules ?? [], egressRules ?? []);

    public static LabelSelector Selector(params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), []);

    public static NetworkPolicyPeerRecord PodPeer(LabelSelector selector) => new(selector, null, null, []);

    public static NetworkPolicyPeerRecord NamespacePeer(LabelSelector selector, LabelSelector? pods = null) => new(pods, selector, null, []);

    public static NetworkPolicyPeerRecord IpPeer(string cidr, params string[] except) => new(null, null, cidr, except);

    public static NetworkPolicyRuleRecord AllowFrom(params NetworkPolicyPeerRecord[] peers) => new(peers, []);

    public static NodeRecord Node(string name, string kubeletVersion = "v1.34.1-eks-113cf36", DateTimeOffset? created = null) =>
        new(name, new Dictionary<string, string>(), kubeletVersion, "Amazon Linux 2023", "containerd://1.7.27", $"aws:///eu-west-1a/i-{name}",
            created ?? Now.AddDays(-3), true, ["10.0.1.10"], []);

    public static ServiceRecord Service(
        string ns,
        string name,
        string type,
        IReadOnlyDictionary<string, string>? selector = null,
        IReadOnlyDictionary<string, string>? annotations = null,
        IReadOnlyList<string>? sourceRanges = null,
        string? loadBalancerClass = null) =>
        new(ns, name, type, selector ?? new Dictionary<string, string> { ["app"] = "web" }, annotations ?? new Dictionary<string, string>(),
            type == "NodePort" || type == "LoadBalancer" ? [30080] : [], sourceRanges ?? [], loadBalancerClass);
}
