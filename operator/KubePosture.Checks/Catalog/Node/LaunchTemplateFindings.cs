using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

/// <summary>Shared resource, wording and evidence of findings about a managed node group's launch template.</summary>
internal static class LaunchTemplateFindings
{
    /// <summary>The node groups name their launch templates; DescribeLaunchTemplateVersions reads them: every template check needs both.</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [InventorySource.AwsEks, "eks:DescribeNodegroup", InventorySource.AwsEc2, "ec2:DescribeLaunchTemplateVersions"];

    /// <summary>The node groups' launch template versions that exist (a missing template launches nothing new).</summary>
    public static IEnumerable<(AwsLaunchTemplate Template, Checks.Aws.Ec2LaunchTemplateVersion Version)> Read(AwsInventory aws) =>
        aws.LaunchTemplates.Where(t => t.Version is not null).Select(t => (t, t.Version!));

    public static string Name(AwsLaunchTemplate t, Checks.Aws.Ec2LaunchTemplateVersion v) =>
        $"launch template {v.LaunchTemplateName ?? v.LaunchTemplateId} version {v.VersionNumber} of node group {t.NodegroupName}";

    public static Finding Finding(CheckDescriptor descriptor, Severity severity, AwsLaunchTemplate t, Checks.Aws.Ec2LaunchTemplateVersion v, string what,
        params (string Key, string Value)[] extra)
    {
        var details = new Dictionary<string, string>
        {
            ["nodegroup"] = t.NodegroupName,
            ["launchTemplateId"] = v.LaunchTemplateId,
            ["version"] = v.VersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra) details[key] = value;
        return new Finding(descriptor.Id, severity, AwsResources.LaunchTemplate(v.LaunchTemplateId), $"{Name(t, v)} {what}", details);
    }
}
