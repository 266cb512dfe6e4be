using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Iam;

/// <summary>Shared wording and evidence for findings about an IAM role the cluster uses.</summary>
internal static class IamRoleFindings
{
    /// <summary>The calls that list Pod Identity associations: without them a Pod Identity role is unknown, not passed.</summary>
    public static readonly string[] PodIdentitySources = [InventorySource.AwsEks, "eks:ListPodIdentityAssociations", "eks:DescribePodIdentityAssociation"];

    /// <summary>
    /// Every call that names a role the cluster uses (node groups, add-ons, access entries, Pod Identity; IRSA comes
    /// from the ServiceAccounts): a check over "every role the cluster uses" is not evaluated when one of them failed.
    /// </summary>
    public static readonly string[] RoleUseSources =
    [
        .. PodIdentitySources, "eks:ListNodegroups", "eks:DescribeNodegroup", "eks:ListAddons", "eks:DescribeAddon",
        "eks:ListAccessEntries", "eks:DescribeAccessEntry",
    ];

    /// <summary>What the node-role checks read: the node groups that name the roles and the roles' policies.</summary>
    public static readonly string[] NodeRoleSources = [InventorySource.AwsIam, InventorySource.AwsEks, "eks:DescribeNodegroup", "iam:GetRolePolicy", "iam:GetPolicyVersion"];

    /// <summary>The node groups' roles whose permissions were read, with their policies parsed.</summary>
    public static IEnumerable<(AwsRole Role, RolePolicies Policies)> NodeRoles(AwsInventory aws) =>
        aws.Roles
            .Where(r => r.Permissions is not null && r.Uses.Any(u => u.Kind == AwsRoleUseKind.NodeRole))
            .Select(r => (r, RolePolicies.For(r.Permissions!)));

    public static string Uses(AwsRole role) => string.Join(", ", role.Uses.Select(Use).Distinct(StringComparer.Ordinal).Take(10));

    public static string Use(AwsRoleUse use) => use.Kind switch
    {
        AwsRoleUseKind.NodeRole => $"node role of {use.Subject}",
        AwsRoleUseKind.Irsa => $"IRSA role of service account {use.Subject}",
        AwsRoleUseKind.PodIdentity => $"Pod Identity role of service account {use.Subject}",
        AwsRoleUseKind.AwsAuth => $"mapped in aws-auth as {use.Subject}",
        AwsRoleUseKind.AccessEntry => $"access entry {use.Subject}",
        AwsRoleUseKind.NodeMapping => $"mapped to nodes as {use.Subject}",
        AwsRoleUseKind.AddonRole => $"role of add-on {use.Subject}",
        AwsRoleUseKind.EcsTaskRole => $"task role of ECS task definition {use.Subject}",
        AwsRoleUseKind.EcsExecutionRole => $"execution role of ECS task definition {use.Subject}",
        _ => use.Subject,
    };

    public static Dictionary<string, string> Details(AwsRole role, IEnumerable<IamDecision> decisions)
    {
        var list = decisions.ToList();
        return new Dictionary<string, string>
        {
            ["roleArn"] = role.Arn,
            ["uses"] = Uses(role),
            ["grants"] = string.Join("; ", list.Take(10).Select(d => $"{d.Action} on {d.Resource}")),
            ["statements"] = string.Join("; ", list.SelectMany(d => d.AllowedBy).Select(s => s.ToString()).Distinct(StringComparer.Ordinal).Take(10)),
        };
    }

    /// <summary>Documents that could not be parsed are reported, never counted as granting nothing.</summary>
    public static IEnumerable<Finding> ParseErrors(CheckDescriptor descriptor, AwsRole role, RolePolicies policies) =>
        policies.Errors.Select(e => new Finding(descriptor.Id, Severity.Low, RolePolicies.Ref(role.Arn),
            $"role {role.Name} ({Uses(role)}) could not be fully evaluated: {e}",
            new Dictionary<string, string> { ["roleArn"] = role.Arn, ["parseError"] = e }));
}
