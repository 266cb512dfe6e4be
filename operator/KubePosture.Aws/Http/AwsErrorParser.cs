using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace KubePosture.Aws.Http;

/// <summary>The wire protocol of a service, which decides how its errors look.</summary>
internal enum AwsProtocol
{
    /// <summary>awsJson1_1 (ECR, ECS, SSM): body {"__type": "...#Code", "message": ...}.</summary>
    AwsJson,
    /// <summary>restJson1 (EKS): header x-amzn-errortype, body {"message": ...}.</summary>
    RestJson,
    /// <summary>awsQuery (IAM, STS): XML &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;.</summary>
    Query,
}

/// <summary>Reads the error code and message out of an AWS error response, per protocol.</summary>
internal static class AwsErrorParser
{
    public static (string Code, string Message) Parse(AwsProtocol protocol, int statusCode, HttpResponseHeaders headers, byte[] body)
    {
        var fallback = $"HTTP{statusCode}";
        var text = Encoding.UTF8.GetString(body);
        try
        {
            switch (protocol)
            {
                case AwsProtocol.Query:
                {
                    var doc = XDocument.Parse(text);
                    var error = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                    var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                    var message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
                    return (string.IsNullOrEmpty(code) ? fallback : code, message ?? text);
                }
                default:
                {
                    string? code = null;
                    if (headers.TryGetValues("x-amzn-ErrorType", out var values)) code = values.FirstOrDefault();
                    string? message = null;
                    if (body.Length > 0)
                    {
                        using var doc = JsonDocument.Parse(body);
                        var root = doc.RootElement;
                        if (root.ValueKind == JsonValueKind.Object)
                        {
                            if (code is null && root.TryGetProperty("__type", out var type)) code = type.GetString();
                            if (code is null && root.TryGetProperty("code", out var c)) code = c.GetString();
                            if (root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m)) message = m.GetString();
                        }
                    }
                    return (NormalizeCode(code) ?? fallback, message ?? text);
                }
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            return (fallback, text.Length > 300 ? text[..300] : text);
        }
    }

    /// <summary>"com.amazonaws.ecr#AccessDeniedException" and "AccessDeniedException:http://..." both mean AccessDeniedException.</summary>
    public static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        var hash = code.LastIndexOf('#');
        if (hash >= 0) code = code[(hash + 1)..];
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0) code = code[..colon];
        return code;
    }

    public static bool IsAccessDenied(string code) => code is "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation"
        or "UnauthorizedException" or "AuthorizationError" or "UnauthorizedAccess" or "AccessDeniedFault";

    public static bool IsNotFound(string code) => code.Contains("NotFound", StringComparison.Ordinal) || code is "NoSuchEntity";
}
