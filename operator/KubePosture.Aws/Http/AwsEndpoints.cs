using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Http;

/// <summary>Where a service is reached and which region its signatures are scoped to.</summary>
internal sealed record AwsEndpoint(Uri Url, string SigningRegion);

/// <summary>
/// Endpoint resolution for one session: the override for the service (or "*"), else the partition's default.
/// IAM is global and signed in its partition's home region (us-east-1, cn-north-1, us-gov-west-1).
/// </summary>
internal sealed class AwsEndpoints(string region, IReadOnlyDictionary<string, string>? overrides)
{
    public string Region { get; } = region;

    public string Partition { get; } = AwsPartitions.ForRegion(region);

    public AwsEndpoint For(string service)
    {
        var signingRegion = service == "iam" ? AwsPartitions.IamSigningRegion(Partition) : Region;
        var url = Override(service) is { } o ? o : AwsPartitions.Endpoint(service, Region);
        return new AwsEndpoint(url, signingRegion);
    }

    public Uri? Override(string service)
    {
        if (overrides is null) return null;
        if (overrides.TryGetValue(service, out var url) || overrides.TryGetValue("*", out url))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new ArgumentException($"endpoints.{service} \"{url}\": not an absolute http(s) URL; set it like https://ecr.us-west-2.amazonaws.com");
        }
        return null;
    }
}
