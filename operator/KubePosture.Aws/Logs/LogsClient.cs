using KubePosture.Aws.Ports;
using System.Text.Json.Nodes;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Logs;

/// <summary>Amazon CloudWatch Logs over awsJson1_1 (target prefix Logs_20140328). Cached for the describe TTL.</summary>
internal sealed class LogsClient(AwsJsonChannel channel, DescribeCache cache) : ILogsPort
{
    public const string TargetPrefix = "Logs_20140328";

    public Task<LogGroup?> DescribeLogGroupAsync(string name, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.LogsDescribeLogGroups, name, async ct =>
        {
            // A prefix also matches longer names (/ecs/web matches /ecs/web-2): keep only the exact one.
            var groups = await channel.PaginateAsync(Op.LogsDescribeLogGroups, () => new JsonObject { ["logGroupNamePrefix"] = name, ["limit"] = 50 },
                p => p.Array("logGroups").Where(g => g.String("logGroupName") == name).Select(g => new LogGroup(
                    g.RequiredString("logGroupName"), g.String("arn"), g.Int("retentionInDays"), g.String("kmsKeyId"), g.Long("storedBytes"))), ct);
            return groups.FirstOrDefault();
        }, cancellationToken);
}
