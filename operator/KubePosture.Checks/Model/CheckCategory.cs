namespace KubePosture.Checks.Model;

/// <summary>Stable public category names; users select checks by them (<c>spec.checks.include: [rbac]</c>).</summary>
public static class CheckCategory
{
    public const string PodSecurity = "pod-security";
    public const string Image = "image";
    public const string Namespace = "namespace";
    public const string Rbac = "rbac";
    public const string NetworkPolicy = "network-policy";
    public const string Service = "service";
    public const string Node = "node";
    public const string Eks = "eks";
    public const string Ecr = "ecr";
    public const string Vpc = "vpc";
    public const string Iam = "iam";
    public const string Ecs = "ecs";
    public const string Linked = "linked";
    public const string Api = "api";
    public const string Kms = "kms";
    public const string Logs = "logs";
    public const string Storage = "storage";
    public const string Detection = "detection";
    public const string Elb = "elb";

    public static IReadOnlyList<string> All { get; } =
        [PodSecurity, Image, Namespace, Rbac, NetworkPolicy, Service, Node, Eks, Ecr, Vpc, Iam, Ecs, Linked, Api, Kms, Logs, Storage, Detection, Elb];
}
