using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Iam;

public sealed class IrsaRoleMissingCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "iam.irsa-role-missing",
        Title: "Service account names an IAM role that does not exist",
        Category: CheckCategory.Iam,
        DefaultSeverity: Severity.Medium,
        Description: "A ServiceAccount's eks.amazonaws.com/role-arn annotation or an EKS Pod Identity association names a role IAM does not know (GetRole answered NoSuchEntity). Pods fail to get credentials, and anyone who later creates a role with that name in the account decides what the workload can do.",
        Remediation: "Create the role with a trust scoped to the service account, or remove the annotation / delete the Pod Identity association.",
        References: [References.EksIdentity, "IAM roles for service accounts: https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html"],
        Sources: [InventorySource.AwsIam, InventorySource.ServiceAccounts, "iam:GetRole", .. IamRoleFindings.PodIdentitySources],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var role in aws.Roles.Where(r => r.Exists == false))
        {
            foreach (var use in role.Uses.Where(u => u.Kind is AwsRoleUseKind.Irsa or AwsRoleUseKind.PodIdentity))
            {
                var (ns, sa) = IrsaTrustUnscopedCheck.SplitSubject(use.Subject);
                if (ns is null) continue;
                var how = use.Kind == AwsRoleUseKind.Irsa ? "its eks.amazonaws.com/role-arn annotation" : "an EKS Pod Identity association";
                yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("v1", "ServiceAccount", ns, sa!),
                    $"service account {ns}/{sa} names role {role.Arn} through {how}, but IAM has no such role (NoSuchEntity)",
                    new Dictionary<string, string> { ["roleArn"] = role.Arn, ["mechanism"] = use.Kind.ToString() });
            }
        }
    }
}
