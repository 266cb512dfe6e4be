using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace KubePosture.Aws.Signing;

/// <summary>What one HTTP call to AWS consists of, before signing.</summary>
internal sealed class AwsHttpRequestSpec
{
    public required string Method { get; init; }

    /// <summary>Path template with {labels} (restJson1), or "/".</summary>
    public string ResourcePath { get; init; } = "/";

    public Dictionary<string, string> PathLabels { get; } = [];

    public List<KeyValuePair<string, string>> Query { get; } = [];

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }
}

/// <summary>
/// Signs requests with AWSSDK.Core's own SigV4 signer (<see cref="AWS4Signer"/>) and builds the URL with the SDK's
/// <see cref="AmazonServiceClient.ComposeUrl(IRequest)"/>, so path-label encoding and the canonical request match
/// what the official SDKs send. No signing code of our own.
/// </summary>
internal static class AwsSigner
{
    private sealed class SignableRequest : AmazonWebServiceRequest;

    public static HttpRequestMessage CreateSignedRequest(
        AwsHttpRequestSpec spec, Uri endpoint, string service, string signingRegion, ImmutableCredentials credentials, DateTime signedAtUtc)
    {
        var request = new DefaultRequest(new SignableRequest(), service)
        {
            HttpMethod = spec.Method,
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = CombinePath(endpoint.AbsolutePath, spec.ResourcePath),
            Content = spec.Body ?? [],
            UseQueryString = spec.Query.Count > 0 || spec.Body is null,
            AuthenticationRegion = signingRegion,
            OverrideSigningServiceName = service,
        };
        foreach (var (label, value) in spec.PathLabels) request.AddPathResource("{" + label + "}", value);
        foreach (var (name, value) in spec.Query) request.Parameters[name] = value;
        foreach (var (name, value) in spec.Headers) request.Headers[name] = value;
        if (spec.ContentType is not null) request.Headers["Content-Type"] = spec.ContentType;

        var config = new SigningClientConfig(service, signingRegion, endpoint);
        var identity = credentials.UseToken
            ? (AWSCredentials)new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token)
            : new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey);
        // Temporary credentials: the token travels in X-Amz-Security-Token and is signed with the request (as the SDKs do).
        if (credentials.UseToken) request.Headers["X-Amz-Security-Token"] = credentials.Token;
        request.SignedAt = signedAtUtc;
        new AWS4Signer().Sign(request, config, new RequestMetrics(), identity);

        var message = new HttpRequestMessage(new HttpMethod(spec.Method), AmazonServiceClient.ComposeUrl(request));
        if (spec.Body is not null) message.Content = new ByteArrayContent(spec.Body);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (message.Content is not null && name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    message.Content.Headers.TryAddWithoutValidation(name, value);
                continue;
            }
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    private static string CombinePath(string basePath, string resourcePath) =>
        basePath is "" or "/" ? resourcePath : basePath.TrimEnd('/') + resourcePath;
}
