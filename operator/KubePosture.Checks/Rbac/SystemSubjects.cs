using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Rbac;

/// <summary>
/// Which subjects, roles and bindings Kubernetes and EKS install for themselves. Built-in system subjects are not
/// findings by themselves; <c>system:anonymous</c>, <c>system:unauthenticated</c> and <c>system:authenticated</c>
/// are never treated as built-in, since every caller is one of them.
/// </summary>
public static class SystemSubjects
{
    public const string Anonymous = "system:anonymous";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Authenticated = "system:authenticated";

    public static IReadOnlySet<string> Everyone { get; } = new HashSet<string>(StringComparer.Ordinal) { Anonymous, Unauthenticated, Authenticated };

    /// <summary>The bootstrap bindings that give everyone discovery and public info (Kubernetes' defaults).</summary>
    public static IReadOnlySet<(string Subject, string ClusterRole)> DefaultEveryoneGrants { get; } = new HashSet<(string, string)>
    {
        (Authenticated, "system:discovery"),
        (Authenticated, "system:basic-user"),
        (Authenticated, "system:public-info-viewer"),
        (Unauthenticated, "system:public-info-viewer"),
    };

    /// <summary>The subject is one of the three "everyone" identities (anonymous, unauthenticated, authenticated).</summary>
    public static bool IsEveryone(SubjectRecord subject) =>
        subject.Kind is "User" or "Group" && Everyone.Contains(subject.Name);

    /// <summary>
    /// A user or group Kubernetes or EKS installs (<c>system:</c>, <c>eks:</c> and <c>eks-</c> prefixed names such as
    /// system:masters, system:nodes, eks:addon-manager), excluding the "everyone" identities.
    /// </summary>
    public static bool IsSystemUserOrGroup(SubjectRecord subject) =>
        subject.Kind is "User" or "Group"
        && !Everyone.Contains(subject.Name)
        && !IsServiceAccountIdentity(subject)
        && (subject.Name.StartsWith("system:", StringComparison.Ordinal) || subject.Name.StartsWith("eks:", StringComparison.Ordinal));

    /// <summary>
    /// The group of every service account (<c>system:serviceaccounts</c>), of a namespace's
    /// (<c>system:serviceaccounts:NS</c>), or a service account's user name (<c>system:serviceaccount:NS:NAME</c>).
    /// These are workloads, not the platform: a grant to them counts unless a system binding makes it.
    /// </summary>
    public static bool IsServiceAccountIdentity(SubjectRecord subject) =>
        (subject.Kind == "Group" && (subject.Name == "system:serviceaccounts" || subject.Name.StartsWith("system:serviceaccounts:", StringComparison.Ordinal)))
        || (subject.Kind == "User" && subject.Name.StartsWith("system:serviceaccount:", StringComparison.Ordinal));

    /// <summary>A binding Kubernetes or EKS installs (names system:..., eks:..., and kubeadm's bootstrap bindings).</summary>
    public static bool IsSystemBinding(BindingRecord binding) =>
        binding.Name.StartsWith("system:", StringComparison.Ordinal) || binding.Name.StartsWith("eks:", StringComparison.Ordinal);

    /// <summary>
    /// A grant that is part of the platform: a system user or group, or a kube-system service account (controllers,
    /// aws-node, kube-proxy) or a service-account group (issuer discovery) bound by a system binding.
    /// </summary>
    public static bool IsBuiltInGrant(Grant grant) =>
        IsSystemUserOrGroup(grant.Subject)
        || (IsServiceAccountIdentity(grant.Subject) && IsSystemBinding(grant.Binding))
        || (grant.Subject.Kind == "ServiceAccount" && grant.Subject.Namespace == "kube-system" && IsSystemBinding(grant.Binding));

    /// <summary>ClusterRoles Kubernetes and EKS install: system:*, eks:*, and the user-facing cluster-admin, admin, edit, view.</summary>
    public static bool IsBuiltInRole(RoleRecord role) =>
        role.Namespace is null
        && (role.Name.StartsWith("system:", StringComparison.Ordinal) || role.Name.StartsWith("eks:", StringComparison.Ordinal)
            || role.Name is "cluster-admin" or "admin" or "edit" or "view")
        || (role.Namespace == "kube-system" && (role.Name.StartsWith("system:", StringComparison.Ordinal) || role.Name.StartsWith("eks:", StringComparison.Ordinal)));
}
