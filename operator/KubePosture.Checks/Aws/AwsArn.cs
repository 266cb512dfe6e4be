using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace KubePosture.Checks.Aws;

/// <summary>An Amazon Resource Name: arn:partition:service:region:account:resource.</summary>
public sealed record AwsArn(string Partition, string Service, string Region, string AccountId, string Resource)
{
    /// <summary>Resource type before the first '/' or ':' (role, cluster, repository), or empty.</summary>
    public string ResourceType => Resource.IndexOfAny(['/', ':']) is var i and >= 0 ? Resource[..i] : string.Empty;

    /// <summary>The last path segment of the resource (an IAM role's name without its path).</summary>
    public string ResourceName => Resource[(Resource.LastIndexOfAny(['/', ':']) + 1)..];

    public static bool TryParse(string? text, [NotNullWhen(true)] out AwsArn? arn)
    {
        arn = null;
        if (string.IsNullOrEmpty(text)) return false;
        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0) return false;
        if (!AwsPartitions.IsKnown(parts[1])) return false;
        arn = new AwsArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    public static AwsArn Parse(string text, string field) => TryParse(text, out var arn)
        ? arn
        : throw new FormatException($"{field} \"{text}\": not an ARN; expected arn:<aws|aws-cn|aws-us-gov>:<service>:<region>:<account>:<resource>");

    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{AccountId}:{Resource}";
}

/// <summary>AWS partitions: which regions belong where, and their DNS suffix.</summary>
public static partial class AwsPartitions
{
    public const string Aws = "aws";
    public const string China = "aws-cn";
    public const string GovCloud = "aws-us-gov";

    public static bool IsKnown(string partition) => partition is Aws or China or GovCloud;

    public static string ForRegion(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? China
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? GovCloud
        : Aws;

    public static string DnsSuffix(string partition) => partition == China ? "amazonaws.com.cn" : "amazonaws.com";

    /// <summary>The region IAM (a global service) is signed in: us-east-1, cn-north-1 or us-gov-west-1.</summary>
    public static string IamSigningRegion(string partition) => partition switch
    {
        China => "cn-north-1",
        GovCloud => "us-gov-west-1",
        _ => "us-east-1",
    };

    /// <summary>The default endpoint of a service in a region (IAM is global per partition).</summary>
    public static Uri Endpoint(string service, string region)
    {
        var partition = ForRegion(region);
        var suffix = DnsSuffix(partition);
        return service switch
        {
            "iam" => partition switch
            {
                China => new Uri($"https://iam.cn-north-1.{suffix}/"),
                GovCloud => new Uri($"https://iam.us-gov.{suffix}/"),
                _ => new Uri($"https://iam.{suffix}/"),
            },
            "ecr" => new Uri($"https://api.ecr.{region}.{suffix}/"),
            _ => new Uri($"https://{service}.{region}.{suffix}/"),
        };
    }

    /// <summary>The region of an EKS node's providerID (aws:///us-west-2a/i-0123...), or null.</summary>
    public static string? RegionFromProviderId(string? providerId)
    {
        if (providerId is null || !providerId.StartsWith("aws:///", StringComparison.Ordinal)) return null;
        var zone = providerId["aws:///".Length..].Split('/')[0];
        // Zone names start with the region: us-west-2a, us-west-2-lax-1a (Local Zone), us-gov-west-1a, cn-north-1a.
        var match = RegionPrefix().Match(zone);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPrefix();
}
