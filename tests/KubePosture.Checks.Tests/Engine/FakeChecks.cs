using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Tests.Engine;

/// <summary>A check whose findings the test decides; lives only in tests.</summary>
internal sealed class FakeCheck(CheckDescriptor descriptor, Func<ClusterInventory, IEnumerable<Finding>> evaluate) : ICheck
{
    public CheckDescriptor Descriptor { get; } = descriptor;

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory) => evaluate(inventory);
}

internal static class Fakes
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    public static CheckDescriptor Descriptor(string id, Severity severity = Severity.High, string category = CheckCategory.PodSecurity,
        IReadOnlyList<string>? sources = null, bool clusterScoped = false, bool requiresAws = false)
        => new(id, $"title of {id}", category, severity, "description", "remediation", ["ref"], sources ?? [InventorySource.Pods], clusterScoped, requiresAws);

    public static ResourceRef Deployment(string ns, string name) => new("apps/v1", "Deployment", ns, name);

    public static Finding Finding(string checkId, ResourceRef resource, Severity severity = Severity.High, string message = "bad")
        => new(checkId, severity, resource, message);

    public static FakeCheck Check(string id, params Finding[] findings) => new(Descriptor(id, findings.FirstOrDefault()?.Severity ?? Severity.High), _ => findings);

    public static InventoryScope Cluster(params string[] namespaces) => new(new HashSet<string>(namespaces), true, false, false);

    public static InventoryScope Tenant(params string[] namespaces) => new(new HashSet<string>(namespaces), false, false, false);

    public static ClusterInventory MakeInventory(InventoryScope? scope = null, IReadOnlyDictionary<string, SourceProblem>? unavailable = null, IReadOnlyList<WorkloadRecord>? workloads = null)
        => new()
        {
            ScanTime = Now,
            Scope = scope ?? Cluster("a", "b"),
            UnavailableSources = unavailable ?? new Dictionary<string, SourceProblem>(),
            Workloads = workloads ?? [],
        };

    public static WorkloadRecord Workload(ResourceRef reference, IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null, PodSpecRecord? spec = null)
        => new(reference, labels ?? new Dictionary<string, string>(), annotations ?? new Dictionary<string, string>(), new Dictionary<string, string>(),
            spec ?? new PodSpecRecord(false, false, false, "default", null, PodSecurityContextRecord.Empty, [], []), 1, [], []);
}
