using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Linked;

public sealed class ThreatOnRiskyWorkloadCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "linked.threat-on-risky-workload",
        Title: "Workload with an active GuardDuty finding is privileged, exposed or an AWS administrator",
        Category: CheckCategory.Linked,
        DefaultSeverity: Severity.Critical,
        Description: "Chains an active GuardDuty finding to the workload it names and that workload's posture: a privileged container (the node is one escape away), an internet-facing Service in front of it (the way in stays open), or an IAM role with administrator rights through IRSA or Pod Identity (the AWS account is one credential read away). Runtime threat times posture: the finding to handle first.",
        Remediation: "Contain the workload now (deny-all NetworkPolicy, scale to zero or cordon its node), revoke the role's sessions (aws iam put-role-policy with an aws:TokenIssueTime deny), investigate the GuardDuty finding, then remove the privilege that made it dangerous.",
        References: [References.EksInfrastructure, References.EksIdentity, "GuardDuty EKS finding types: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-finding-types-eks.html"],
        Sources: [InventorySource.AwsGuardDuty, "guardduty:ListFindings", "guardduty:GetFindings", InventorySource.AwsIam, "iam:GetRolePolicy", "iam:GetPolicyVersion",
            InventorySource.Services, InventorySource.ServiceAccounts, .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        Dictionary<WorkloadRecord, List<InternetExposure.Path>>? exposures = null;
        foreach (var group in aws.GuardDutyFindings.Select(f => (Finding: f, Workload: GuardDutyWorkloads.Find(inventory, f))).Where(x => x.Workload is not null)
                     .GroupBy(x => x.Workload!, ReferenceEqualityComparer.Instance))
        {
            var w = (WorkloadRecord)group.Key!;
            var risks = new List<string>();
            var privileged = w.Spec.Containers.Where(c => c.SecurityContext.Privileged == true).Select(c => c.Name).ToList();
            if (privileged.Count > 0) risks.Add($"privileged container {string.Join(", ", privileged)}");
            exposures ??= InternetExposure.OpenByWorkload(inventory);
            if (exposures.TryGetValue(w, out var paths)) risks.Add($"exposed by {string.Join(", ", paths.Select(p => p.Description))}");
            foreach (var (mechanism, arn) in LinkedEvidence.WorkloadRoles(inventory, aws, w))
            {
                if (aws.Role(arn) is { } role && LinkedEvidence.OverPrivilege(role, includeWildcards: false) is { } why && why.StartsWith("administrator", StringComparison.Ordinal))
                    risks.Add($"{mechanism} role {role.Name} is an {why}");
            }
            if (risks.Count == 0) continue;
            var worst = group.MaxBy(x => x.Finding.Severity).Finding;
            var details = LinkedEvidence.Chain(
                $"GuardDuty {worst.Type} ({worst.Id})",
                $"{w.Ref.Kind} {w.Namespace}/{w.Ref.Name}",
                string.Join("; ", risks));
            details["findingIds"] = string.Join(",", group.Select(x => x.Finding.Id).Take(10));
            details["risks"] = string.Join("; ", risks);
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, w.Ref,
                $"{w.Ref.Kind} {w.Ref.Name} has an active GuardDuty finding ({worst.Type}) and is {string.Join("; ", risks)}", details);
        }
    }
}
