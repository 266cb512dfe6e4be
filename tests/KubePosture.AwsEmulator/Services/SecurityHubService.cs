using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>
/// AWS Security Hub (restJson1): BatchImportFindings (POST /findings/import) and GetFindings (POST /findings) over an
/// in-memory store of the account's findings. Imports are checked the way the service checks them (required fields,
/// the caller's account, the account's default product ARN, at most 100 findings, text limits) and refused per finding
/// with FailedFindings; an update keeps what the customer owns (Workflow, Note, UserDefinedFields, VerificationState).
/// GetFindings applies the EQUALS filters on ProductArn, RecordState, GeneratorId, Id and ProductFields, 100 per page.
/// Fixture section <c>securityhub: {enabled: false}</c> answers InvalidAccessException (Security Hub not enabled).
/// </summary>
public sealed class SecurityHubService(AccountFixture fixture) : IEmulatedService
{
    private static readonly string[] Required = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt", "Title", "Description", "Resources"];
    private static readonly string[] CustomerFields = ["Workflow", "Note", "UserDefinedFields", "VerificationState"];
    /// <summary>Findings as UTF-8 JSON with the fields GetFindings filters on (a fleet benchmark keeps 100,000 of them).</summary>
    private readonly SortedDictionary<string, StoredFinding> _findings = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Queue<(string Code, int Count)> _partialFailures = new();

    /// <summary>GetFindings results by filter, valid while no finding changed: the pages of one query filter the store once.</summary>
    private readonly Dictionary<string, List<StoredFinding>> _queries = new(StringComparer.Ordinal);

    public string Name => "securityhub";

    public IReadOnlyCollection<string> Operations { get; } = ["BatchImportFindings", "GetFindings"];

    /// <summary>Routes restJson1 POST paths.</summary>
    public static string? Route(string path) => path.TrimEnd('/') switch
    {
        "/findings/import" => "BatchImportFindings",
        "/findings" => "GetFindings",
        _ => null,
    };

    private string ProductArn => $"arn:{fixture.Partition}:securityhub:{fixture.Region}:{fixture.Account}:product/{fixture.Account}/default";

    /// <summary>The stored findings (copies), by Id.</summary>
    public IReadOnlyDictionary<string, JsonObject> StoredFindings
    {
        get
        {
            lock (_lock) return _findings.ToDictionary(p => p.Key, p => p.Value.Document(), StringComparer.Ordinal);
        }
    }

    /// <summary>The next BatchImportFindings call refuses its first <paramref name="count"/> findings with <paramref name="errorCode"/> (a partial failure).</summary>
    public void FailNextImport(string errorCode, int count)
    {
        lock (_lock) _partialFailures.Enqueue((errorCode, count));
    }

    /// <summary>What a customer does with BatchUpdateFindings: set the workflow status of a finding.</summary>
    public void SetWorkflow(string id, string status)
    {
        lock (_lock)
        {
            var finding = _findings[id].Document();
            finding["Workflow"] = new JsonObject { ["Status"] = status };
            _findings[id] = StoredFinding.Of(finding);
            _queries.Clear();
        }
    }

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        if (fixture.Section("securityhub")["enabled"] is JsonValue enabled && !enabled.GetValue<bool>())
            throw new EmulatorErrorException(401, "InvalidAccessException", $"Account {fixture.Account} is not subscribed to AWS Security Hub");
        return r.Operation == "BatchImportFindings" ? Import(r.Json) : Get(r.Json);
    }

    private EmulatorResponse Import(JsonObject body)
    {
        if (body["Findings"] is not JsonArray findings || findings.Count == 0)
            throw new EmulatorErrorException(400, "InvalidInputException", "Findings: must contain at least 1 finding");
        if (findings.Count > 100)
            throw new EmulatorErrorException(400, "InvalidInputException", $"Findings: {findings.Count} findings; the maximum is 100");
        var failed = new JsonArray();
        var success = 0;
        lock (_lock)
        {
            var (code, refuse) = _partialFailures.TryDequeue(out var pending) ? pending : ("", 0);
            for (var i = 0; i < findings.Count; i++)
            {
                var finding = findings[i] as JsonObject;
                var id = AccountFixture.Str(finding, "Id") ?? "";
                var problem = i < refuse ? (code, "injected partial failure") : Check(finding);
                if (problem is { } p)
                {
                    failed.Add(new JsonObject { ["Id"] = id, ["ErrorCode"] = p.Code, ["ErrorMessage"] = p.Message });
                    continue;
                }

                Store(id, (JsonObject)finding!.DeepClone());
                success++;
            }
        }

        return Wire.Json(new JsonObject { ["FailedCount"] = failed.Count, ["SuccessCount"] = success, ["FailedFindings"] = failed }, EmulatorProtocol.RestJson);
    }

    private (string Code, string Message)? Check(JsonObject? finding)
    {
        if (finding is null)
            return ("InvalidInput", "a finding is not an object");
        foreach (var field in Required)
        {
            if (finding[field] is null || (finding[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetValue<string>())))
                return ("InvalidInput", $"Finding does not adhere to Amazon Finding Format. data.{field} is missing or blank");
        }

        if (AccountFixture.Str(finding, "AwsAccountId") != fixture.Account)
            return ("AccessDeniedException", $"AwsAccountId {AccountFixture.Str(finding, "AwsAccountId")} is not the caller's account {fixture.Account}");
        if (AccountFixture.Str(finding, "ProductArn") != ProductArn)
            return ("InvalidProductArn", $"ProductArn {AccountFixture.Str(finding, "ProductArn")}: this account imports with {ProductArn}");
        if ((AccountFixture.Str(finding, "Title")?.Length ?? 0) > 256 || (AccountFixture.Str(finding, "Description")?.Length ?? 0) > 1024)
            return ("InvalidInput", "Finding does not adhere to Amazon Finding Format. data.Title or data.Description is too long");
        if (finding["Resources"] is not JsonArray { Count: > 0 and <= 32 })
            return ("InvalidInput", "Finding does not adhere to Amazon Finding Format. data.Resources must have 1 to 32 items");
        return null;
    }

    private void Store(string id, JsonObject finding)
    {
        if (_findings.TryGetValue(id, out var stored))
        {
            var existing = stored.Document();
            foreach (var field in CustomerFields)
            {
                finding.Remove(field);
                if (existing[field] is { } kept)
                    finding[field] = kept.DeepClone();
            }
        }

        finding["Workflow"] ??= new JsonObject { ["Status"] = "NEW" };
        finding["RecordState"] ??= "ACTIVE";
        finding["Region"] = fixture.Region;
        finding["ProductName"] = "Default";
        finding["CompanyName"] = "Personal";
        var fields = finding["ProductFields"] as JsonObject ?? new JsonObject();
        fields["aws/securityhub/FindingId"] = $"{ProductArn}/{id}";
        fields["aws/securityhub/ProductName"] = "Default";
        fields["aws/securityhub/CompanyName"] = "Personal";
        finding["ProductFields"] = fields;
        _findings[id] = StoredFinding.Of(finding);
        _queries.Clear();
    }

    /// <summary>One stored finding: its JSON and what GetFindings filters on.</summary>
    private sealed record StoredFinding(IReadOnlyDictionary<string, string?> Fields, IReadOnlyDictionary<string, string> ProductFields, byte[] Json)
    {
        public JsonObject Document() => (JsonObject)JsonNode.Parse(Json)!;

        public string? Field(string name) => Fields.GetValueOrDefault(name);

        public static StoredFinding Of(JsonObject finding) => new(
            new[] { "Id", "ProductArn", "RecordState", "GeneratorId", "AwsAccountId" }.ToDictionary(f => f, f => AccountFixture.Str(finding, f)),
            (finding[nameof(ProductFields)] as JsonObject ?? []).Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()),
            System.Text.Encoding.UTF8.GetBytes(finding.ToJsonString()));
    }

    private EmulatorResponse Get(JsonObject body)
    {
        var max = Fixture.AccountFixture.Long(body["MaxResults"]) is { } m ? (int)m : 100;
        if (max is < 1 or > 100)
            throw new EmulatorErrorException(400, "InvalidInputException", "MaxResults must be a number between 1 and 100");
        var offset = AccountFixture.Str(body, "NextToken") is { } token ? int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var filters = body["Filters"] as JsonObject ?? new JsonObject();
        List<StoredFinding> matching;
        lock (_lock)
        {
            var key = filters.ToJsonString();
            if (!_queries.TryGetValue(key, out matching!))
                _queries[key] = matching = [.. _findings.Values.Where(f => Matches(f, filters))];
        }

        var page = matching.Skip(offset).Take(max).Select(f => f.Document()).ToList();
        var answer = new JsonObject { ["Findings"] = new JsonArray([.. page]) };
        if (offset + max < matching.Count)
            answer["NextToken"] = (offset + max).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Wire.Json(answer, EmulatorProtocol.RestJson);
    }

    private static bool Matches(StoredFinding finding, JsonObject filters)
    {
        foreach (var (name, criteria) in filters)
        {
            foreach (var criterion in AccountFixture.Objects(criteria))
            {
                if (AccountFixture.Str(criterion, "Comparison") is { } comparison && comparison != "EQUALS")
                    throw new EmulatorErrorException(400, "InvalidInputException", $"Filters.{name}: only EQUALS is emulated");
                var value = AccountFixture.Str(criterion, "Value");
                var actual = name == "ProductFields"
                    ? finding.ProductFields.GetValueOrDefault(AccountFixture.Str(criterion, "Key") ?? "")
                    : finding.Field(name);
                if (actual != value)
                    return false;
            }
        }

        return true;
    }
}
