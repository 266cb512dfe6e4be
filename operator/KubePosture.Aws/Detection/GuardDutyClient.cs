using KubePosture.Aws.Ports;
using System.Text.Json.Nodes;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Json;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Detection;

/// <summary>Amazon GuardDuty over restJson1. Detectors and a cluster's active findings are cached for the describe TTL.</summary>
internal sealed class GuardDutyClient(RestJsonChannel channel, DescribeCache cache) : IGuardDutyPort
{
    private const int GetFindingsBatch = 50;

    private static Dictionary<string, string> Detector(string id) => new() { ["detectorId"] = id };

    public Task<IReadOnlyList<string>> ListDetectorsAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(Op.GuardDutyListDetectors, "", async ct => (IReadOnlyList<string>)await channel.PaginateAsync(
            Op.GuardDutyListDetectors, "/detector", new Dictionary<string, string>(), [new("maxResults", "50")], p => p.Strings("detectorIds"), ct), cancellationToken);

    public Task<GuardDutyDetector> GetDetectorAsync(string detectorId, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.GuardDutyGetDetector, detectorId, async ct =>
        {
            var d = await channel.GetAsync(Op.GuardDutyGetDetector, "/detector/{detectorId}", Detector(detectorId), null, ct);
            var features = new Dictionary<string, GuardDutyFeature>(StringComparer.Ordinal);
            foreach (var f in d.Array("features"))
            {
                if (f.String("name") is not { } name) continue;
                features[name] = new GuardDutyFeature(name, f.String("status") ?? "",
                    f.Array("additionalConfiguration").Where(a => a.String("name") is not null).ToDictionary(a => a.String("name")!, a => a.String("status") ?? ""));
            }
            // Detectors created before features existed report EKS audit logs under dataSources only.
            if (!features.ContainsKey("EKS_AUDIT_LOGS") && d.Object("dataSources")?.Object("kubernetes")?.Object("auditLogs")?.String("status") is { } audit)
                features["EKS_AUDIT_LOGS"] = new GuardDutyFeature("EKS_AUDIT_LOGS", audit, new Dictionary<string, string>());
            return new GuardDutyDetector(detectorId, d.String("status") ?? "", features);
        }, cancellationToken);

    public Task<IReadOnlyList<GuardDutyFinding>> GetClusterFindingsAsync(string detectorId, string clusterName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.GuardDutyListFindings, $"{detectorId}|{clusterName}", async ct =>
        {
            var ids = await channel.PaginatePostAsync(Op.GuardDutyListFindings, "/detector/{detectorId}/findings", Detector(detectorId), () => new JsonObject
            {
                ["findingCriteria"] = new JsonObject
                {
                    ["criterion"] = new JsonObject
                    {
                        ["resource.eksClusterDetails.name"] = new JsonObject { ["equals"] = JsonBody.Strings([clusterName]) },
                        ["service.archived"] = new JsonObject { ["equals"] = JsonBody.Strings(["false"]) },
                    },
                },
                ["maxResults"] = 50,
            }, p => p.Strings("findingIds"), ct);

            var findings = new List<GuardDutyFinding>();
            foreach (var batch in ids.Distinct(StringComparer.Ordinal).Chunk(GetFindingsBatch))
            {
                var page = await channel.PostAsync(Op.GuardDutyGetFindings, "/detector/{detectorId}/findings/get", Detector(detectorId),
                    new JsonObject { ["findingIds"] = JsonBody.Strings(batch) }, ct);
                findings.AddRange(page.Array("findings").Select(Finding));
            }
            return (IReadOnlyList<GuardDutyFinding>)findings;
        }, cancellationToken);

    private static GuardDutyFinding Finding(JsonView f)
    {
        var resource = f.Object("resource");
        var workload = resource?.Object("kubernetesDetails")?.Object("kubernetesWorkloadDetails");
        var service = f.Object("service");
        return new GuardDutyFinding(f.RequiredString("id"), f.String("type") ?? "", f.Double("severity") ?? 0, f.String("title") ?? "",
            resource?.Object("eksClusterDetails")?.String("name"), workload?.String("namespace"), workload?.String("name"), workload?.String("type"),
            f.String("updatedAt") is { } updated && DateTimeOffset.TryParse(updated, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            service?.Int("count") ?? 1);
    }
}
