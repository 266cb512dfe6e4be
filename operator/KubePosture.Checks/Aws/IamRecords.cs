namespace KubePosture.Checks.Aws;

/// <summary>An IAM role (GetRole) with its trust policy document already URL-decoded (JSON text).</summary>
public sealed record IamRole(
    string Name,
    string Arn,
    string RoleId,
    string Path,
    string AssumeRolePolicyDocument,
    DateTimeOffset? CreateDate,
    int? MaxSessionDuration,
    DateTimeOffset? LastUsed);

/// <summary>A managed policy attached to a role (ListAttachedRolePolicies).</summary>
public sealed record IamAttachedPolicy(string PolicyName, string PolicyArn);

/// <summary>A managed policy (GetPolicy); DefaultVersionId names the version whose document is in force.</summary>
public sealed record IamManagedPolicy(string PolicyName, string Arn, string DefaultVersionId, int AttachmentCount, DateTimeOffset? UpdateDate);

/// <summary>A policy document (inline: GetRolePolicy; managed: GetPolicyVersion), URL-decoded JSON text.</summary>
public sealed record IamPolicyDocument(string PolicyName, string? PolicyArn, string? VersionId, string Document);

/// <summary>A role together with every policy document that grants it permissions.</summary>
public sealed record IamRolePermissions(IamRole Role, IReadOnlyList<IamAttachedPolicy> AttachedPolicies, IReadOnlyList<IamPolicyDocument> Documents);
