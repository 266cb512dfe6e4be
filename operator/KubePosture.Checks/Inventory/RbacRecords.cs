namespace KubePosture.Checks.Inventory;

/// <summary>One RBAC rule as written. Empty lists are as in the API (no apiGroups means none matched).</summary>
public sealed record PolicyRuleRecord(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls);

/// <summary>
/// A Role (Namespace set) or ClusterRole (Namespace null). For aggregated ClusterRoles
/// <see cref="AggregationSelectors"/> holds the aggregationRule's clusterRoleSelectors; the RBAC index
/// resolves them over the labels of the other ClusterRoles (the stored rules may be stale or empty).
/// </summary>
public sealed record RoleRecord(
    string Kind,
    string? Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<PolicyRuleRecord> Rules,
    IReadOnlyList<LabelSelector>? AggregationSelectors);

/// <summary>A subject of a binding: User, Group or ServiceAccount (Namespace for ServiceAccount).</summary>
public sealed record SubjectRecord(string Kind, string Name, string? Namespace)
{
    /// <summary>The username Kubernetes authenticates a subject as (service accounts: system:serviceaccount:ns:name).</summary>
    public string UserName => Kind == "ServiceAccount" ? $"system:serviceaccount:{Namespace}:{Name}" : Name;

    public override string ToString() => Kind == "ServiceAccount" ? $"ServiceAccount {Namespace}/{Name}" : $"{Kind} {Name}";
}

/// <summary>A RoleBinding (Namespace set) or ClusterRoleBinding (Namespace null).</summary>
public sealed record BindingRecord(
    string Kind,
    string? Namespace,
    string Name,
    string RoleRefKind,
    string RoleRefName,
    IReadOnlyList<SubjectRecord> Subjects);

/// <summary>Parsed kube-system/aws-auth ConfigMap. <see cref="ParseErrors"/> says which keys could not be read.</summary>
public sealed record AwsAuthRecord(
    IReadOnlyList<AwsAuthMapping> MapRoles,
    IReadOnlyList<AwsAuthMapping> MapUsers,
    IReadOnlyList<string> MapAccounts,
    IReadOnlyList<string> ParseErrors);

/// <summary>One mapRoles / mapUsers entry: the IAM ARN, the Kubernetes username and groups it maps to.</summary>
public sealed record AwsAuthMapping(string Arn, string? UserName, IReadOnlyList<string> Groups);
