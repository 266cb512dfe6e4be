using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Iam;

public sealed class RoleWildcardCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "iam.role-wildcard",
        Title: "IAM role grants service-wide wildcards",
        Category: CheckCategory.Iam,
        DefaultSeverity: Severity.Medium,
        Description: "A role the cluster uses (node, IRSA, Pod Identity, add-on, aws-auth or access entry role) allows every action of a service on every resource (s3:* on *), or every action except a few (NotAction on *). Explicit Denies in any of its policies are taken into account. A role allowing * on * is reported High here unless it is only a node role (iam.node-role-admin reports that); the aws-auth system:nodes mapping and EC2 access entries EKS writes for node roles count as node uses.",
        Remediation: "Replace the wildcard with the actions the workload calls (IAM Access Analyzer can generate a policy from CloudTrail activity) and scope Resource to the ARNs it needs.",
        References: [References.EksIdentity, "AWS Security Hub IAM.21", "IAM best practices, grant least privilege: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html"],
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
            // aws-auth's system:nodes mapping (and an EC2 access entry) is the node role's own use, not a second one.
            var nodeOnly = role.Uses.Count > 0 && role.Uses.All(u => u.IsNode);
            if (!nodeOnly)
            {
                foreach (var f in IamRoleFindings.ParseErrors(Descriptor, role, policies)) yield return f;
            }
            if (policies.IsAdmin(out var evidence))
            {
                if (nodeOnly) continue;
                var d = IamRoleFindings.Details(role, [policies.Permissions.Admin()]);
                d["evidence"] = evidence;
                yield return new Finding(Descriptor.Id, Severity.High, RolePolicies.Ref(role.Arn),
                    $"role {role.Name} ({IamRoleFindings.Uses(role)}) grants every action on every resource: {evidence}", d);
                continue;
            }
            var wildcards = policies.Permissions.ServiceWildcards();
            if (wildcards.Count == 0) continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, RolePolicies.Ref(role.Arn),
                $"role {role.Name} ({IamRoleFindings.Uses(role)}) grants service-wide wildcards: {string.Join("; ", wildcards.Select(w => w.Describe()))}",
                IamRoleFindings.Details(role, wildcards));
        }
    }
}
