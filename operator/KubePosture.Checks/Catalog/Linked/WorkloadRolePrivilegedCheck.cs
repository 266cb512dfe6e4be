using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Linked;

public sealed class WorkloadRolePrivilegedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "linked.workload-role-privileged",
        Title: "Workload assumes an IAM role with admin or privilege-escalation rights",
        Category: CheckCategory.Linked,
        DefaultSeverity: Severity.Critical,
        Description: "Chains a running workload to its service account, the IAM role the service account gets through IRSA (eks.amazonaws.com/role-arn) or an EKS Pod Identity association, and that role's policies: when the role allows * on * or holds privilege-escalation actions (as iam.role-privesc), a compromise of the workload is a compromise of the AWS account. Each finding lists the chain workload -> service account -> role -> grant.",
        Remediation: "Give the workload a role with only the actions and resources it calls; remove admin and IAM write actions from it; scope iam:PassRole and sts:AssumeRole to named roles.",
        References: [References.EksIdentity, "IAM roles for service accounts: https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html"],
        Sources: [InventorySource.AwsIam, "iam:GetRolePolicy", "iam:GetPolicyVersion", InventorySource.ServiceAccounts, .. InventorySource.Workloads, .. Iam.IamRoleFindings.PodIdentitySources],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var workload in inventory.Workloads)
        {
            foreach (var (mechanism, arn) in LinkedEvidence.WorkloadRoles(inventory, aws, workload))
            {
                if (aws.Role(arn) is not { } role) continue;
                if (LinkedEvidence.OverPrivilege(role, includeWildcards: false) is not { } why) continue;
                var sa = LinkedEvidence.ServiceAccountOf(workload);
                var details = LinkedEvidence.Chain(
                    $"{workload.Ref.Kind} {workload.Namespace}/{workload.Ref.Name}",
                    $"ServiceAccount {workload.Namespace}/{sa}",
                    $"{mechanism} role {role.Arn}",
                    why);
                details["roleArn"] = role.Arn;
                details["mechanism"] = mechanism;
                details["serviceAccount"] = $"{workload.Namespace}/{sa}";
                yield return new Finding(Descriptor.Id, why.StartsWith("administrator", StringComparison.Ordinal) ? Severity.Critical : Severity.High, workload.Ref,
                    $"{workload.Ref.Kind} {workload.Ref.Name} runs as service account {sa}, which assumes IAM role {role.Name} through {mechanism}; the role grants {why}",
                    details);
            }
        }
    }
}
