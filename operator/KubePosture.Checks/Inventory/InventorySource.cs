namespace KubePosture.Checks.Inventory;

/// <summary>
/// Names of the sources an inventory is read from, in kubectl's <c>resource.group</c> form (core group has no
/// suffix) and <c>aws:service</c> for AWS data. Checks declare the sources they need
/// (<see cref="Model.CheckDescriptor.Sources"/>); when one is unavailable the check is "not evaluated", never "passed".
/// </summary>
public static class InventorySource
{
    public const string Namespaces = "namespaces";
    public const string Pods = "pods";
    public const string Nodes = "nodes";
    public const string Services = "services";
    public const string ServiceAccounts = "serviceaccounts";
    public const string ConfigMapAwsAuth = "configmaps/aws-auth";
    public const string Deployments = "deployments.apps";
    public const string ReplicaSets = "replicasets.apps";
    public const string StatefulSets = "statefulsets.apps";
    public const string DaemonSets = "daemonsets.apps";
    public const string ReplicationControllers = "replicationcontrollers";
    public const string Jobs = "jobs.batch";
    public const string CronJobs = "cronjobs.batch";
    public const string Roles = "roles.rbac.authorization.k8s.io";
    public const string ClusterRoles = "clusterroles.rbac.authorization.k8s.io";
    public const string RoleBindings = "rolebindings.rbac.authorization.k8s.io";
    public const string ClusterRoleBindings = "clusterrolebindings.rbac.authorization.k8s.io";
    public const string NetworkPolicies = "networkpolicies.networking.k8s.io";
    public const string Ingresses = "ingresses.networking.k8s.io";
    public const string IngressClasses = "ingressclasses.networking.k8s.io";
    public const string StorageClasses = "storageclasses.storage.k8s.io";
    public const string PersistentVolumes = "persistentvolumes";

    public const string AwsEcr = "aws:ecr";
    public const string AwsEks = "aws:eks";
    public const string AwsEc2 = "aws:ec2";
    public const string AwsSsm = "aws:ssm";
    public const string AwsIam = "aws:iam";
    public const string AwsEcs = "aws:ecs";
    public const string AwsSts = "aws:sts";
    public const string AwsKms = "aws:kms";
    public const string AwsLogs = "aws:logs";
    public const string AwsGuardDuty = "aws:guardduty";
    public const string AwsInspector = "aws:inspector2";
    public const string AwsElbv2 = "aws:elasticloadbalancing";
    public const string AwsWafv2 = "aws:wafv2";

    /// <summary>Every workload kind the inventory folds into <see cref="WorkloadRecord"/>s.</summary>
    public static IReadOnlyList<string> Workloads { get; } =
        [Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers, Jobs, CronJobs];

    /// <summary>Every RBAC source (the effective-permissions index needs all four).</summary>
    public static IReadOnlyList<string> Rbac { get; } = [Roles, ClusterRoles, RoleBindings, ClusterRoleBindings];
}
