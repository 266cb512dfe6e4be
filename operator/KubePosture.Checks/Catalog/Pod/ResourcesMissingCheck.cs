using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class ResourcesMissingCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.resources-missing",
        Title: "Container has no memory limit or no requests",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Low,
        Description: "Without a memory limit one container can exhaust its node; without CPU and memory requests the scheduler over-commits nodes. Ephemeral containers cannot declare resources and are not assessed.",
        Remediation: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container and init container.",
        References: ["EKS Best Practices, Reliability: https://docs.aws.amazon.com/eks/latest/best-practices/application.html", "CIS Kubernetes Benchmark 5.7"],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers.Where(c => c.Kind != ContainerKind.Ephemeral))
            {
                var missing = new List<string>();
                if (!c.Resources.CpuRequest)
                    missing.Add("resources.requests.cpu");
                if (!c.Resources.MemoryRequest)
                    missing.Add("resources.requests.memory");
                if (!c.Resources.MemoryLimit)
                    missing.Add("resources.limits.memory");
                if (missing.Count == 0)
                    continue;
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, missing[0], $"does not set {string.Join(", ", missing)}",
                    new Dictionary<string, string> { ["missing"] = string.Join(",", missing) });
            }
        }
    }
}
