using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Compositions over <see cref="IIamPort"/> that collectors use; no I/O of their own.</summary>
public static class IamPortExtensions
{
    /// <summary>
    /// A role with every document that grants it permissions: inline policies and the default version of each
    /// attached managed policy. Null when the role does not exist.
    /// </summary>
    public static async Task<IamRolePermissions?> GetRolePermissionsAsync(this IIamPort iam, string roleName, CancellationToken cancellationToken)
    {
        var role = await iam.GetRoleAsync(roleName, cancellationToken);
        if (role is null) return null;
        var documents = new List<IamPolicyDocument>();
        foreach (var inline in await iam.ListRolePoliciesAsync(roleName, cancellationToken))
            documents.Add(await iam.GetRolePolicyAsync(roleName, inline, cancellationToken));
        var attached = await iam.ListAttachedRolePoliciesAsync(roleName, cancellationToken);
        foreach (var policy in attached)
        {
            var managed = await iam.GetPolicyAsync(policy.PolicyArn, cancellationToken);
            documents.Add(await iam.GetPolicyVersionAsync(policy.PolicyArn, managed.DefaultVersionId, cancellationToken));
        }
        return new IamRolePermissions(role, attached, documents);
    }
}
