using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubePosture.AwsEmulator.Protocol;

/// <summary>Writes answers and errors in each protocol's shape.</summary>
public static class Wire
{
    public static EmulatorResponse Json(JsonObject body, EmulatorProtocol protocol = EmulatorProtocol.AwsJson) =>
        new(200, protocol == EmulatorProtocol.RestJson ? "application/json" : "application/x-amz-json-1.1", Encoding.UTF8.GetBytes(body.ToJsonString()));

    public static EmulatorResponse QueryResult(string service, string operation, string resultXml)
    {
        var ns = service switch
        {
            "sts" => "https://sts.amazonaws.com/doc/2011-06-15/",
            _ => "https://iam.amazonaws.com/doc/2010-05-08/",
        };
        var xml = $"<{operation}Response xmlns=\"{ns}\"><{operation}Result>{resultXml}</{operation}Result>"
            + $"<ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{operation}Response>";
        return new EmulatorResponse(200, "text/xml", Encoding.UTF8.GetBytes(xml));
    }

    public static EmulatorResponse Ec2Result(string operation, string bodyXml)
    {
        var xml = $"<{operation}Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>{Guid.NewGuid()}</requestId>{bodyXml}</{operation}Response>";
        return new EmulatorResponse(200, "text/xml;charset=UTF-8", Encoding.UTF8.GetBytes(xml));
    }

    public static EmulatorResponse Error(EmulatorProtocol protocol, int status, string code, string message)
    {
        switch (protocol)
        {
            case EmulatorProtocol.AwsJson:
            {
                var body = new JsonObject { ["__type"] = code, ["message"] = message };
                return new EmulatorResponse(status, "application/x-amz-json-1.1", Encoding.UTF8.GetBytes(body.ToJsonString()),
                    new Dictionary<string, string> { ["x-amzn-ErrorType"] = code });
            }
            case EmulatorProtocol.RestJson:
            {
                var body = new JsonObject { ["message"] = message };
                return new EmulatorResponse(status, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()),
                    new Dictionary<string, string> { ["x-amzn-ErrorType"] = code });
            }
            case EmulatorProtocol.Ec2Query:
            {
                var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{X(code)}</Code><Message>{X(message)}</Message></Error></Errors><RequestID>{Guid.NewGuid()}</RequestID></Response>";
                return new EmulatorResponse(status, "text/xml;charset=UTF-8", Encoding.UTF8.GetBytes(xml));
            }
            default:
            {
                var type = status >= 500 ? "Receiver" : "Sender";
                var xml = $"<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>{type}</Type><Code>{X(code)}</Code><Message>{X(message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>";
                return new EmulatorResponse(status, "text/xml", Encoding.UTF8.GetBytes(xml));
            }
        }
    }

    /// <summary>XML-escapes text.</summary>
    public static string X(string? text) => SecurityElement.Escape(text ?? "");

    /// <summary>An element with escaped text, or nothing when the value is null.</summary>
    public static string El(string name, string? value) => value is null ? "" : $"<{name}>{X(value)}</{name}>";

    public static string El(string name, JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<bool>(out var b) => $"<{name}>{(b ? "true" : "false")}</{name}>",
        JsonValue v when v.TryGetValue<string>(out var s) => El(name, s),
        JsonValue v => El(name, v.ToJsonString()),
        _ => "",
    };

    /// <summary>ISO-8601 (the query protocols' timestamp form) from the fixture's epoch seconds.</summary>
    public static string? Iso(JsonNode? value) => value is JsonValue v && v.TryGetValue<double>(out var seconds)
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : value is JsonValue s && s.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A policy document as IAM sends it: JSON text, URL-encoded.</summary>
    public static string PolicyDocument(JsonNode? document) => WebUtility.UrlEncode(DocumentText(document)).Replace("+", "%20", StringComparison.Ordinal);

    public static string DocumentText(JsonNode? document) => document switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => "{}",
        _ => document.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
    };
}
