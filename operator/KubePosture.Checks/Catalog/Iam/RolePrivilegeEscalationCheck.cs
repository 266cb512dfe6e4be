using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Iam;

public sealed class RolePrivilegeEscalationCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "iam.role-privesc",
        Title: "IAM role holds privilege-escalation actions",
        Category: CheckCategory.Iam,
        DefaultSeverity: Severity.High,
        Description: $"A role the cluster uses can raise its own or another principal's permissions: {string.Join(", ", IamPermissions.EscalationActions)} on any resource its policies name, or iam:PassRole / sts:AssumeRole on every resource (*). Explicit Denies are taken into account; roles that already allow * on * are reported by iam.role-wildcard / iam.node-role-admin instead.",
        Remediation: "Remove the IAM write actions from workload and node roles; scope iam:PassRole and sts:AssumeRole to the specific role ARNs needed (with iam:PassedToService conditions).",
        References: [References.EksIdentity, "Rhino Security Labs, AWS IAM privilege escalation methods: https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/"],
        Sources: [InventorySource.AwsIam, "iam:GetRolePolicy", "iam:GetPolicyVersion", .. IamRoleFindings.RoleUseSources],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var role in aws.Roles)
        {
            if (role.Permissions is not { } permissions) continue;
            var policies = RolePolicies.For(permissions);
            if (policies.IsAdmin(out _)) continue;
            var grants = policies.Permissions.EscalationGrants();
            if (grants.Count == 0) continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, RolePolicies.Ref(role.Arn),
                $"role {role.Name} ({IamRoleFindings.Uses(role)}) can escalate privileges: {string.Join("; ", grants.Select(g => g.Describe()))}",
                IamRoleFindings.Details(role, grants));
        }
    }
}
