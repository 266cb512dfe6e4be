using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class PatchNoncompliantCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.patch-noncompliant",
        Title: "Node is missing patches",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.High,
        Description: "An SSM-managed node's patch state (DescribeInstancePatchStates) reports critical or security non-compliant patches, failed or missing patches, no patch state at all, or a last patch operation older than the scan's maximum patch age. Nodes SSM does not manage are reported by node.unmanaged-by-ssm instead.",
        Remediation: "Run AWS-RunPatchBaseline with Install through a maintenance window or Patch Manager policy, or, with immutable AMIs, replace the node with one from the current AMI release.",
        References: [References.EksInfrastructure, "AWS Security Hub SSM.2", "Patch Manager compliance: https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-compliance-states.html"],
        Sources: [InventorySource.Nodes, InventorySource.AwsSsm, "ssm:DescribeInstancePatchStates", "ssm:DescribeInstanceInformation"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var node in aws.Nodes)
        {
            if (!node.IsEc2 || node.SsmInstance is null)
                continue;
            var problems = new List<string>();
            var p = node.PatchState;
            if (p is null)
            {
                problems.Add("has no patch state (no patch scan has reported)");
            }
            else
            {
                if (p.CriticalNonCompliantCount > 0) problems.Add($"{p.CriticalNonCompliantCount} critical non-compliant");
                if (p.SecurityNonCompliantCount > 0) problems.Add($"{p.SecurityNonCompliantCount} security non-compliant");
                if (p.FailedCount > 0) problems.Add($"{p.FailedCount} failed");
                if (p.MissingCount > 0) problems.Add($"{p.MissingCount} missing");
                var last = p.OperationEndTime ?? p.OperationStartTime;
                var maxAge = inventory.Settings.MaxPatchAge;
                if (last is null)
                    problems.Add("no recorded patch operation");
                else if (inventory.ScanTime - last.Value > maxAge)
                    problems.Add($"last patch operation {last.Value:yyyy-MM-dd}, more than {(int)maxAge.TotalDays} days ago");
            }

            if (problems.Count == 0)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Node(node.NodeName),
                $"node {node.NodeName} (instance {node.InstanceId}) {(p is null ? problems[0] : "patch state: " + string.Join(", ", problems))}",
                new Dictionary<string, string>
                {
                    ["instanceId"] = node.InstanceId ?? "",
                    ["critical"] = (p?.CriticalNonCompliantCount ?? 0).ToString(CultureInfo.InvariantCulture),
                    ["security"] = (p?.SecurityNonCompliantCount ?? 0).ToString(CultureInfo.InvariantCulture),
                    ["missing"] = (p?.MissingCount ?? 0).ToString(CultureInfo.InvariantCulture),
                    ["failed"] = (p?.FailedCount ?? 0).ToString(CultureInfo.InvariantCulture),
                    ["lastOperation"] = (p?.OperationEndTime ?? p?.OperationStartTime)?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                });
        }
    }
}
