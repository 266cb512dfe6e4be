using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Detection;

public sealed class GuardDutyFindingCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "detection.guardduty-finding",
        Title: "Active GuardDuty finding for the cluster",
        Category: CheckCategory.Detection,
        DefaultSeverity: Severity.High,
        Description: "GuardDuty has an active (not archived) finding about this EKS cluster: a threat it observed in the audit log or at runtime. The finding is attached to the workload it names (by kind, namespace and name; a pod to the workload that owns it), or to the cluster. Severity follows GuardDuty's: 9+ Critical, 7+ High, 4+ Medium, else Low.",
        Remediation: "Investigate the finding in the GuardDuty console (type and id in the details), contain the workload (isolate it with a deny-all NetworkPolicy, cordon its node), rotate the credentials it held, then archive the finding.",
        References: [References.EksInfrastructure, "GuardDuty EKS finding types: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-finding-types-eks.html"],
        Sources: [InventorySource.AwsGuardDuty, "guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:ListFindings", "guardduty:GetFindings", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var f in aws.GuardDutyFindings)
        {
            var workload = GuardDutyWorkloads.Find(inventory, f);
            var resource = workload?.Ref ?? AwsResources.EksCluster(aws.ClusterName ?? f.ClusterName ?? "");
            var named = f.WorkloadName is null ? "" : $" naming {f.WorkloadType ?? "workload"} {f.WorkloadNamespace}/{f.WorkloadName}";
            yield return new Finding(Descriptor.Id, GuardDutyWorkloads.SeverityOf(f.Severity), resource,
                $"GuardDuty finding {f.Type}{named}: {f.Title} (severity {f.Severity.ToString("0.0", CultureInfo.InvariantCulture)}, seen {f.Count} times)",
                new Dictionary<string, string>
                {
                    ["findingId"] = f.Id,
                    ["type"] = f.Type,
                    ["guardDutySeverity"] = f.Severity.ToString("0.0", CultureInfo.InvariantCulture),
                    ["workload"] = f.WorkloadName is null ? "" : $"{f.WorkloadType}/{f.WorkloadNamespace}/{f.WorkloadName}",
                });
        }
    }
}
