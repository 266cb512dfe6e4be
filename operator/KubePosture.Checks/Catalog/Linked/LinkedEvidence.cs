using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Linked;

/// <summary>
/// Helpers for linked findings: what a workload's credentials are (IRSA annotation, Pod Identity association), how a
/// role is over-privileged, and the evidence chain ("chain" detail: links joined with " -> ").
/// </summary>
internal static class LinkedEvidence
{
    public const string ChainKey = "chain";

    /// <summary>The IAM roles a workload's service account gets: IRSA (annotation) and Pod Identity associations.</summary>
    public static IEnumerable<(string Mechanism, string RoleArn)> WorkloadRoles(ClusterInventory inventory, AwsInventory aws, WorkloadRecord workload)
    {
        var sa = workload.Spec.ServiceAccountName is { Length: > 0 } name ? name : "default";
        var record = inventory.ServiceAccount(workload.Namespace, sa);
        if (record?.IrsaRoleArn is { Length: > 0 } irsa)
            yield return ("IRSA", irsa);
        foreach (var association in aws.PodIdentityAssociations.Where(a => a.Namespace == workload.Namespace && a.ServiceAccount == sa && a.RoleArn is not null))
            yield return ("Pod Identity", association.RoleArn!);
    }

    public static string ServiceAccountOf(WorkloadRecord workload) =>
        workload.Spec.ServiceAccountName is { Length: > 0 } name ? name : "default";

    /// <summary>What makes a role over-privileged (admin, escalation actions, then service wildcards), or null.</summary>
    public static string? OverPrivilege(AwsRole role, bool includeWildcards)
    {
        if (role.Permissions is not { } permissions) return null;
        var policies = RolePolicies.For(permissions);
        if (policies.IsAdmin(out var evidence)) return $"administrator ({evidence})";
        var escalation = policies.Permissions.EscalationGrants();
        if (escalation.Count > 0) return $"privilege escalation ({string.Join("; ", escalation.Select(e => e.Describe()))})";
        if (!includeWildcards) return null;
        var wildcards = policies.Permissions.ServiceWildcards();
        return wildcards.Count > 0 ? $"service-wide wildcards ({string.Join("; ", wildcards.Select(w => w.Describe()))})" : null;
    }

    public static Dictionary<string, string> Chain(params string[] links) => new() { [ChainKey] = string.Join(" -> ", links) };
}
