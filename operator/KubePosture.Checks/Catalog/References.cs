namespace KubePosture.Checks.Catalog;

/// <summary>Reference texts shared by check descriptors (benchmarks, guides, standards).</summary>
internal static class References
{
    public const string PodSecurityStandards = "Kubernetes Pod Security Standards: https://kubernetes.io/docs/concepts/security/pod-security-standards/";
    public const string EksPodSecurity = "EKS Best Practices, Pod Security: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html";
    public const string EksIdentity = "EKS Best Practices, Identity and Access Management: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html";
    public const string EksNetwork = "EKS Best Practices, Network Security: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html";
    public const string EksImage = "EKS Best Practices, Image Security: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html";
    public const string EksInfrastructure = "EKS Best Practices, Protecting the infrastructure: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html";
    public const string EksVersions = "Amazon EKS Kubernetes versions: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html";
    public const string KubernetesRbacGoodPractices = "Kubernetes RBAC good practices: https://kubernetes.io/docs/concepts/security/rbac-good-practices/";
    public const string KubernetesNetworkPolicies = "Kubernetes Network Policies: https://kubernetes.io/docs/concepts/services-networking/network-policies/";
    public const string KubernetesVersionSkew = "Kubernetes version skew policy: https://kubernetes.io/releases/version-skew-policy/";
}
