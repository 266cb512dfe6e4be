using KubePosture.Aws.Ports;
using System.Text.Json.Nodes;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Json;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Detection;

/// <summary>Amazon Inspector (inspector2) over restJson1. The account's status is cached for the describe TTL.</summary>
internal sealed class InspectorClient(RestJsonChannel channel, DescribeCache cache) : IInspectorPort
{
    public Task<InspectorAccountStatus?> GetAccountStatusAsync(string accountId, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.Inspector2BatchGetAccountStatus, accountId, async ct =>
        {
            var page = await channel.PostAsync(Op.Inspector2BatchGetAccountStatus, "/status/batch/get", new Dictionary<string, string>(),
                new JsonObject { ["accountIds"] = JsonBody.Strings([accountId]) }, ct);
            var matches = page.Array("accounts").Where(a => a.String("accountId") == accountId).ToList();
            if (matches.Count == 0) return (InspectorAccountStatus?)null;
            var account = matches[0];
            var resources = new Dictionary<string, string>(StringComparer.Ordinal);
            if (account.Object("resourceState") is { } state)
            {
                foreach (var property in state.Element.EnumerateObject())
                {
                    if (state.Object(property.Name)?.String("status") is { } status) resources[property.Name] = status;
                }
            }
            return new InspectorAccountStatus(accountId, account.Object("state")?.String("status"), resources);
        }, cancellationToken);
}
