using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class AnonymousBindingCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.anonymous-binding",
        Title: "Permissions granted to anonymous or all users",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.Critical,
        Description: "system:anonymous and system:unauthenticated are every unauthenticated caller; system:authenticated is every identity the cluster accepts, including any AWS principal that can obtain a token. Beyond Kubernetes' default discovery bindings, permissions given to them are given to everyone. A binding to them whose role is not in the input is reported too: the binding is the risk, and what it grants is unknown (the role may be missing now and created later, or not part of the scanned manifests).",
        Remediation: "Delete the binding, or replace the subject with the specific users, groups or service accounts that need the role.",
        References: [References.KubernetesRbacGoodPractices, References.EksIdentity, "CIS Kubernetes Benchmark 5.1.1"],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        var index = RbacIndex.For(inventory);
        foreach (var binding in index.Grants.GroupBy(g => g.Binding, ReferenceEqualityComparer.Instance))
        {
            var grants = binding.Where(g => GivesEveryone(g.Binding, g.Subject)).ToList();
            if (grants.Count == 0)
                continue;
            var first = grants[0];
            var scope = first.Namespace is null ? "cluster-wide" : $"in namespace {first.Namespace}";
            var rule = first.Role.Rules.Count == 0 ? "no rules" : RuleMatcher.Describe(first.Role.Rules[0]);
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, first.BindingRef,
                $"{RbacFindings.Describe(first)} grants {first.Role} ({rule}) to {RbacFindings.Subjects(grants)} {scope}",
                RbacFindings.Details(first.Role, first.Role.Rules, grants));
        }

        foreach (var binding in index.UnresolvedBindings)
        {
            var subjects = binding.Subjects
                .Where(s => GivesEveryone(binding, s))
                .Select(s => s.ToString())
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (subjects.Count == 0)
                continue;
            var role = binding.RoleRefKind == "Role" && binding.Namespace is not null ? $"Role {binding.Namespace}/{binding.RoleRefName}" : $"{binding.RoleRefKind} {binding.RoleRefName}";
            var name = RbacFindings.Describe(binding);
            var scope = binding.Namespace is null ? "cluster-wide" : $"in namespace {binding.Namespace}";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity,
                new ResourceRef("rbac.authorization.k8s.io/v1", binding.Kind, binding.Namespace, binding.Name),
                $"{name} binds {role} to {string.Join(", ", subjects)} {scope}; {role} is not in the input, so what it grants is unknown (whatever it holds, or will hold once created, goes to everyone)",
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["role"] = role,
                    ["rules"] = "unknown",
                    ["subjects"] = string.Join("; ", subjects),
                    ["bindings"] = name,
                });
        }
    }

    /// <summary>The binding gives <paramref name="subject"/>'s role to everyone: the subject is an everyone group and the grant is not one of Kubernetes' default discovery bindings.</summary>
    private static bool GivesEveryone(BindingRecord binding, SubjectRecord subject) =>
        SystemSubjects.IsEveryone(subject)
        && !(binding.RoleRefKind == "ClusterRole" && SystemSubjects.DefaultEveryoneGrants.Contains((subject.Name, binding.RoleRefName)));
}
