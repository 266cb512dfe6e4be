using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Linked;

public sealed class IdentityClusterAdminCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "linked.iam-principal-cluster-admin",
        Title: "IAM principal reaches cluster-admin through in-cluster bindings",
        Category: CheckCategory.Linked,
        DefaultSeverity: Severity.High,
        Description: "Chains an IAM role or user mapped into the cluster (aws-auth mapRoles/mapUsers, or an EKS access entry's username and kubernetesGroups) to the ClusterRoleBindings that bind its username or groups to cluster-admin (or a role allowing * on * in every API group). Anyone who can assume that IAM principal is cluster-admin, and the grant lives in two places that are reviewed separately. system:masters mappings are eks.aws-auth-masters; AmazonEKSClusterAdminPolicy is eks.access-entry-admin. Each finding lists the chain IAM principal -> mapping -> username/group -> binding -> role.",
        Remediation: "Bind the mapped group to a narrower ClusterRole or namespaced Roles, or remove the mapping; keep cluster-admin for a break-glass role with an audited assume-role path.",
        References: [References.EksIdentity, "Amazon EKS access entries: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html"],
        Sources: [InventorySource.ConfigMapAwsAuth, InventorySource.AwsEks, "eks:ListAccessEntries", "eks:ListAssociatedAccessPolicies", .. InventorySource.Rbac],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        var aws = inventory.Aws;
        var entries = aws?.AccessEntries ?? [];
        var identities = ClusterIdentities.Map(inventory.AwsAuth, [.. entries.Select(e => e.Entry)], [.. entries.SelectMany(e => e.Policies)]);
        var index = RbacIndex.For(inventory);
        foreach (var identity in identities)
        {
            foreach (var g in ClusterIdentities.GrantsOf(index, identity).Where(g => ClusterIdentities.IsClusterAdmin(g.Grant)))
            {
                // Bindings Kubernetes/EKS install for system: groups (system:masters is not bound; eks:* are scoped) are not this chain.
                if (SystemSubjects.IsSystemUserOrGroup(g.Grant.Subject)) continue;
                var binding = g.Grant.Binding;
                var details = LinkedEvidence.Chain(
                    $"IAM {identity.PrincipalArn}",
                    identity.SourceLabel,
                    g.Via,
                    $"{binding.Kind} {binding.Name}",
                    g.Grant.Role.ToString());
                details["principalArn"] = identity.PrincipalArn;
                details["mapping"] = identity.SourceLabel;
                details["binding"] = binding.Name;
                yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, g.Grant.BindingRef,
                    $"IAM principal {identity.PrincipalArn} is mapped by {identity.SourceLabel} to {g.Via}, which {binding.Kind} {binding.Name} binds to {g.Grant.Role} cluster-wide: whoever can assume it is cluster-admin",
                    details);
            }
        }
    }
}
