using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Iam;

public sealed class NodeRoleAdminCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "iam.node-role-admin",
        Title: "Node IAM role is an administrator",
        Category: CheckCategory.Iam,
        DefaultSeverity: Severity.Critical,
        Description: "Every pod that reaches the instance metadata service (IMDSv1, or a hop limit above 1, or hostNetwork) gets the node role's credentials. A node role that allows * on * (or has AdministratorAccess attached), after explicit Denies in any of its policies, hands the account to any compromised pod.",
        Remediation: "Detach AdministratorAccess and wildcard statements from the node role; keep only AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly and the CNI policy (or move the CNI to IRSA/Pod Identity); give workloads their own roles.",
        References: [References.EksIdentity, "AWS Security Hub IAM.1"],
        Sources: IamRoleFindings.NodeRoleSources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var (role, policies) in IamRoleFindings.NodeRoles(aws))
        {
            foreach (var f in IamRoleFindings.ParseErrors(Descriptor, role, policies)) yield return f;
            if (!policies.IsAdmin(out var evidence)) continue;
            var details = IamRoleFindings.Details(role, [policies.Permissions.Admin()]);
            details["evidence"] = evidence;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, RolePolicies.Ref(role.Arn),
                $"node role {role.Name} ({IamRoleFindings.Uses(role)}) grants every action on every resource: {evidence}", details);
        }
    }
}
