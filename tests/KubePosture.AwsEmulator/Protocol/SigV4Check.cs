using System.Globalization;
using System.Text.RegularExpressions;

namespace KubePosture.AwsEmulator.Protocol;

/// <summary>
/// Checks that a request carries a well-formed SigV4 Authorization header scoped to the right service and region,
/// with a matching X-Amz-Date. (The signature bytes are not recomputed.)
/// </summary>
public static partial class SigV4Check
{
    public sealed record Scope(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders);

    public static Scope Parse(string? authorization, string? amzDate)
    {
        if (string.IsNullOrEmpty(authorization))
            throw new EmulatorErrorException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
            throw new EmulatorErrorException(403, "IncompleteSignature", $"Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' with AWS4-HMAC-SHA256. Authorization={authorization}");
        var scope = new Scope(match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value,
            match.Groups["headers"].Value.Split(';'));
        if (!scope.SignedHeaders.Contains("host"))
            throw new EmulatorErrorException(403, "IncompleteSignature", "'Host' must be a signed header");
        if (string.IsNullOrEmpty(amzDate) || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _))
            throw new EmulatorErrorException(403, "IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        if (!amzDate.StartsWith(scope.Date, StringComparison.Ordinal))
            throw new EmulatorErrorException(403, "SignatureDoesNotMatch", $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope.Date}' != '{amzDate[..8]}'");
        if (!scope.SignedHeaders.Contains("x-amz-date"))
            throw new EmulatorErrorException(403, "IncompleteSignature", "'X-Amz-Date' must be a signed header");
        return scope;
    }

    public static void RequireScope(Scope scope, string service, IReadOnlyCollection<string> regions)
    {
        if (scope.Service != service)
            throw new EmulatorErrorException(403, "SignatureDoesNotMatch", $"Credential should be scoped to correct service: '{service}'. ");
        if (!regions.Contains(scope.Region))
            throw new EmulatorErrorException(403, "SignatureDoesNotMatch", $"Credential should be scoped to a valid region, not '{scope.Region}'. ");
    }

    /// <summary>The service an Authorization header is scoped to, or null when it is absent or malformed (routing only; Parse judges it).</summary>
    public static string? ServiceOf(string? authorization) =>
        authorization is not null && AuthorizationPattern().Match(authorization) is { Success: true } m ? m.Groups["service"].Value : null;

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]{16,128})/(?<date>[0-9]{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
