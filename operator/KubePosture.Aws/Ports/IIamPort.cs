using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>AWS IAM, read-only. Documents come back URL-decoded.</summary>
public interface IIamPort
{
    /// <summary>The role, or null when IAM answers NoSuchEntity (iam.irsa-role-missing).</summary>
    Task<IamRole?> GetRoleAsync(string roleName, CancellationToken cancellationToken);

    Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken);

    Task<IamPolicyDocument> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken);

    Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken);

    Task<IamPolicyDocument> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken);
}
