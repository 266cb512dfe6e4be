using System.Text.Json.Nodes;

namespace KubePosture.AwsEmulator.Protocol;

/// <summary>The wire protocol a request arrived in; it decides how answers and errors are written.</summary>
public enum EmulatorProtocol
{
    AwsJson,
    RestJson,
    Query,
    Ec2Query,
}

/// <summary>An incoming AWS call, routed to a service and operation.</summary>
public sealed class EmulatorRequest
{
    public required string Service { get; init; }
    public required string Operation { get; init; }
    public required EmulatorProtocol Protocol { get; init; }

    /// <summary>awsJson body.</summary>
    public JsonObject Json { get; init; } = new();

    /// <summary>Query form parameters (IAM, EC2, STS) or restJson query string.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>restJson path labels, percent-decoded.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The caller's identity ARN (from the access key), when signed.</summary>
    public string? CallerArn { get; set; }

    public string? AccessKeyId { get; set; }

    public string? Param(string name) => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>A query parameter as an integer; absent or not a number is null.</summary>
    public int? IntParam(string name) => int.TryParse(Param(name), out var n) ? n : null;

    public string RequiredParam(string name) => Param(name) is { Length: > 0 } v ? v
        : throw new EmulatorErrorException(400, Protocol is EmulatorProtocol.Ec2Query ? "MissingParameter" : "ValidationError", $"The request must contain the parameter {name}");

    public string? JsonString(string name) => Json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string RequiredJsonString(string name) => JsonString(name) is { Length: > 0 } s ? s
        : throw new EmulatorErrorException(400, "InvalidParameterException", $"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null");

    public int? JsonInt(string name) => Fixture.AccountFixture.Long(Json[name]) is { } n ? (int)n : null;

    /// <summary>Numbered query lists: Prefix.1, Prefix.2, ...</summary>
    public IReadOnlyList<string> NumberedList(string prefix)
    {
        var list = new List<string>();
        for (var i = 1; Param($"{prefix}.{i}") is { } v; i++) list.Add(v);
        return list;
    }
}

/// <summary>An AWS error the emulator answers with: HTTP status, error code, message.</summary>
public sealed class EmulatorErrorException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>What the emulator writes back.</summary>
public sealed record EmulatorResponse(int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null);
