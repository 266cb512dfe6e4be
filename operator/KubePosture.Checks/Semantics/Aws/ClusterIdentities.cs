using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Semantics.Aws;

/// <summary>Where an IAM principal's mapping to a Kubernetes identity comes from.</summary>
public enum IdentitySource
{
    AwsAuthMapRoles,
    AwsAuthMapUsers,
    AccessEntry,
}

/// <summary>
/// An IAM principal mapped to a Kubernetes username and groups (aws-auth mapRoles/mapUsers or an EKS access entry),
/// with the EKS access policies associated with it (access entries only).
/// </summary>
public sealed record MappedIdentity(
    string PrincipalArn,
    IdentitySource Source,
    string? Username,
    IReadOnlyList<string> Groups,
    IReadOnlyList<EksAssociatedAccessPolicy> AccessPolicies)
{
    public string SourceLabel => Source switch
    {
        IdentitySource.AwsAuthMapRoles => "aws-auth mapRoles",
        IdentitySource.AwsAuthMapUsers => "aws-auth mapUsers",
        _ => "access entry",
    };

    /// <summary>Usernames with EKS templates ({{SessionName}}, {{EC2PrivateDNSName}}) vary per session and match no binding literally.</summary>
    public bool UsernameIsTemplate => Username?.Contains("{{", StringComparison.Ordinal) == true;
}

/// <summary>A mapped identity holding a grant through an in-cluster binding, and what it holds.</summary>
public sealed record IdentityGrant(MappedIdentity Identity, Grant Grant, string Via);

/// <summary>
/// Maps IAM principals to Kubernetes identities and their effective RBAC. aws-auth and access entries both apply
/// (authenticationMode API_AND_CONFIG_MAP); a username or group maps to every RoleBinding/ClusterRoleBinding subject
/// of kind User/Group with that name. EKS access policies are AWS-managed permission sets; the cluster-admin one is
/// AmazonEKSClusterAdminPolicy at cluster scope.
/// </summary>
public static class ClusterIdentities
{
    public const string ClusterAdminAccessPolicy = "AmazonEKSClusterAdminPolicy";

    public static IReadOnlyList<MappedIdentity> Map(AwsAuthRecord? awsAuth, IReadOnlyList<EksAccessEntry> accessEntries, IReadOnlyList<EksAssociatedAccessPolicy> accessPolicies)
    {
        ArgumentNullException.ThrowIfNull(accessEntries);
        ArgumentNullException.ThrowIfNull(accessPolicies);
        var result = new List<MappedIdentity>();
        if (awsAuth is not null)
        {
            result.AddRange(awsAuth.MapRoles.Select(m => new MappedIdentity(m.Arn, IdentitySource.AwsAuthMapRoles, m.UserName, m.Groups, [])));
            result.AddRange(awsAuth.MapUsers.Select(m => new MappedIdentity(m.Arn, IdentitySource.AwsAuthMapUsers, m.UserName, m.Groups, [])));
        }
        foreach (var entry in accessEntries)
        {
            var policies = accessPolicies.Where(p => p.PrincipalArn == entry.PrincipalArn).ToList();
            result.Add(new MappedIdentity(entry.PrincipalArn, IdentitySource.AccessEntry, entry.Username ?? entry.PrincipalArn, entry.KubernetesGroups, policies));
        }
        return result;
    }

    /// <summary>Grants the identity holds through in-cluster bindings: to its username (User) or one of its groups (Group).</summary>
    public static IEnumerable<IdentityGrant> GrantsOf(RbacIndex index, MappedIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var grant in index.Grants)
        {
            var s = grant.Subject;
            if (s.Kind == "User" && identity.Username is { } user && !identity.UsernameIsTemplate && s.Name == user)
                yield return new IdentityGrant(identity, grant, $"username {user}");
            else if (s.Kind == "Group" && identity.Groups.Contains(s.Name))
                yield return new IdentityGrant(identity, grant, $"group {s.Name}");
        }
    }

    /// <summary>Whether a grant is cluster-admin: the cluster-admin ClusterRole, or any role with * verbs on * resources in * groups, bound cluster-wide.</summary>
    public static bool IsClusterAdmin(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Namespace is not null) return false;
        var role = grant.Role;
        return (role.Role.Namespace is null && role.Role.Name == "cluster-admin")
            || role.Rules.Any(r => r.Verbs.Contains("*") && r.Resources.Contains("*") && r.ApiGroups.Contains("*"));
    }

    /// <summary>The access policy's short name from its ARN (arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy).</summary>
    public static string AccessPolicyName(string policyArn) => policyArn[(policyArn.LastIndexOf('/') + 1)..];
}
