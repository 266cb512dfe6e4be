using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Logs;

public sealed class RetentionShortCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "logs.retention-short",
        Title: "Log group keeps logs for less than the minimum",
        Category: CheckCategory.Logs,
        DefaultSeverity: Severity.Low,
        Description: "The control-plane log group /aws/eks/<cluster>/cluster or a log group ECS containers write to with the awslogs driver expires its events sooner than spec.aws.minLogRetentionDays (default 365 days): the audit trail an incident investigation needs is gone before the incident is found. Log groups that never expire pass.",
        Remediation: "Set a retention of at least the minimum: aws logs put-retention-policy --log-group-name <group> --retention-in-days 365.",
        References: [References.EksInfrastructure, "AWS Security Hub CloudWatch.16", "Log retention: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention"],
        Sources: LogGroupFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var minimum = inventory.Settings.MinLogRetentionDays;
        foreach (var g in aws.LogGroups)
        {
            if (g.Group?.RetentionInDays is not { } days || days >= minimum) continue;
            yield return LogGroupFindings.Finding(Descriptor, g, $"keeps logs {days} days, less than the minimum of {minimum}",
                ("retentionInDays", days.ToString(CultureInfo.InvariantCulture)), ("minimumDays", minimum.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
