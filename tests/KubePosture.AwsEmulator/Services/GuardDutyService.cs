using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>
/// Amazon GuardDuty (restJson1) from the fixture's guardduty.detectors: detectorId, status, features (name, status,
/// additionalConfiguration) and findings (id, type, severity, title, archived, resource as GuardDuty writes it).
/// ListFindings honours the equals criteria on resource.eksClusterDetails.name and service.archived.
/// </summary>
public sealed class GuardDutyService(AccountFixture fixture) : IEmulatedService
{
    public string Name => "guardduty";

    public IReadOnlyCollection<string> Operations { get; } = ["ListDetectors", "GetDetector", "ListFindings", "GetFindings"];

    /// <summary>The operation at a path: GET /detector, GET /detector/{id}, POST /detector/{id}/findings, POST /detector/{id}/findings/get.</summary>
    public static (string Operation, string[] Labels)? Route(string method, string[] segments) => (method, segments) switch
    {
        ("GET", ["detector"]) => ("ListDetectors", []),
        ("GET", ["detector", var id]) => ("GetDetector", [id]),
        ("POST", ["detector", var id, "findings"]) => ("ListFindings", [id]),
        ("POST", ["detector", var id, "findings", "get"]) => ("GetFindings", [id]),
        _ => null,
    };

    private IEnumerable<JsonObject> Detectors => AccountFixture.Objects(fixture.Section("guardduty")["detectors"]);

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        if (r.Operation == "ListDetectors")
        {
            var ids = Detectors.Select(d => AccountFixture.Str(d, "detectorId")!).ToList();
            var (items, next) = Paging.Page(ids, r.Param("nextToken"), r.IntParam("maxResults"), fixture.PageSize, "BadRequestException");
            return Wire.Json(Paging.JsonBody("detectorIds", items.Select(i => (JsonNode?)i), next), EmulatorProtocol.RestJson);
        }

        var detector = Detectors.FirstOrDefault(d => AccountFixture.Str(d, "detectorId") == r.Labels[0])
            ?? throw new EmulatorErrorException(400, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.");
        var detectorId = r.Labels[0];
        switch (r.Operation)
        {
            case "GetDetector":
            {
                var features = new JsonArray();
                foreach (var f in AccountFixture.Objects(detector["features"]))
                {
                    var o = (JsonObject)f.DeepClone();
                    o["updatedAt"] ??= 1735689600.0;
                    features.Add(o);
                }
                var audit = AccountFixture.Objects(detector["features"]).FirstOrDefault(f => AccountFixture.Str(f, "name") == "EKS_AUDIT_LOGS");
                return Wire.Json(new JsonObject
                {
                    ["createdAt"] = "2025-01-01T00:00:00.000Z",
                    ["updatedAt"] = "2025-01-01T00:00:00.000Z",
                    ["findingPublishingFrequency"] = "SIX_HOURS",
                    ["serviceRole"] = $"arn:{fixture.Partition}:iam::{fixture.Account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
                    ["status"] = AccountFixture.Str(detector, "status") ?? "ENABLED",
                    ["dataSources"] = new JsonObject
                    {
                        ["kubernetes"] = new JsonObject { ["auditLogs"] = new JsonObject { ["status"] = AccountFixture.Str(audit, "status") ?? "DISABLED" } },
                    },
                    ["features"] = features,
                    ["tags"] = new JsonObject(),
                }, EmulatorProtocol.RestJson);
            }
            case "ListFindings":
            {
                var criterion = r.Json["findingCriteria"]?["criterion"] as JsonObject ?? new JsonObject();
                var selected = AccountFixture.Objects(detector["findings"]).Where(f => criterion.All(c => Matches(f, c.Key, c.Value as JsonObject))).ToList();
                var ids = selected.Select(f => AccountFixture.Str(f, "id")!).ToList();
                var (items, next) = Paging.Page(ids, r.JsonString("nextToken"), r.JsonInt("maxResults"), fixture.PageSize, "BadRequestException");
                return Wire.Json(Paging.JsonBody("findingIds", items.Select(i => (JsonNode?)i), next), EmulatorProtocol.RestJson);
            }
            case "GetFindings":
            {
                var wanted = (r.Json["findingIds"] as JsonArray)?.Select(i => i!.GetValue<string>()).ToList() ?? [];
                if (wanted.Count > 50) throw new EmulatorErrorException(400, "BadRequestException", "findingIds: at most 50 ids");
                var findings = new JsonArray();
                foreach (var f in AccountFixture.Objects(detector["findings"]).Where(f => wanted.Contains(AccountFixture.Str(f, "id")!)))
                {
                    var id = AccountFixture.Str(f, "id")!;
                    findings.Add(new JsonObject
                    {
                        ["accountId"] = fixture.Account,
                        ["arn"] = $"arn:{fixture.Partition}:guardduty:{fixture.Region}:{fixture.Account}:detector/{detectorId}/finding/{id}",
                        ["createdAt"] = "2026-01-14T00:00:00.000Z",
                        ["updatedAt"] = AccountFixture.Str(f, "updatedAt") ?? "2026-01-14T12:00:00.000Z",
                        ["id"] = id,
                        ["partition"] = fixture.Partition,
                        ["region"] = fixture.Region,
                        ["schemaVersion"] = "2.0",
                        ["type"] = AccountFixture.Str(f, "type"),
                        ["severity"] = f["severity"]?.DeepClone() ?? 5.0,
                        ["title"] = AccountFixture.Str(f, "title") ?? "",
                        ["description"] = AccountFixture.Str(f, "description") ?? AccountFixture.Str(f, "title") ?? "",
                        ["resource"] = f["resource"]?.DeepClone() ?? new JsonObject(),
                        ["service"] = new JsonObject
                        {
                            ["archived"] = f["archived"]?.GetValue<bool>() ?? false,
                            ["count"] = f["count"]?.DeepClone() ?? 1,
                            ["detectorId"] = detectorId,
                            ["eventFirstSeen"] = "2026-01-14T00:00:00.000Z",
                            ["eventLastSeen"] = "2026-01-14T12:00:00.000Z",
                            ["serviceName"] = "guardduty",
                        },
                    });
                }
                return Wire.Json(new JsonObject { ["findings"] = findings }, EmulatorProtocol.RestJson);
            }
            default:
                throw new EmulatorErrorException(400, "BadRequestException", r.Operation);
        }
    }

    /// <summary>The equals criteria the operator sends; other criteria are rejected rather than ignored.</summary>
    private static bool Matches(JsonObject finding, string field, JsonObject? condition)
    {
        var equals = (condition?["equals"] as JsonArray)?.Select(v => v!.GetValue<string>()).ToList()
            ?? throw new EmulatorErrorException(400, "BadRequestException", $"criterion {field}: only equals is emulated");
        string? value = field switch
        {
            "resource.eksClusterDetails.name" => AccountFixture.Str(finding["resource"]?["eksClusterDetails"], "name"),
            "service.archived" => (finding["archived"]?.GetValue<bool>() ?? false) ? "true" : "false",
            "type" => AccountFixture.Str(finding, "type"),
            _ => throw new EmulatorErrorException(400, "BadRequestException", $"criterion {field} is not emulated"),
        };
        return value is not null && equals.Contains(value);
    }
}
