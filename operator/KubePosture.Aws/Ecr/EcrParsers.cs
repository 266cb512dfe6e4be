using KubePosture.Aws.Json;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ecr;

/// <summary>ECR wire shapes to our records.</summary>
internal static class EcrParsers
{
    public static EcrRepository Repository(JsonView r)
    {
        var encryption = r.Object("encryptionConfiguration");
        return new EcrRepository(
            r.RequiredString("registryId"),
            r.RequiredString("repositoryName"),
            r.RequiredString("repositoryArn"),
            r.String("repositoryUri") ?? "",
            r.Epoch("createdAt"),
            r.String("imageTagMutability") ?? "MUTABLE",
            r.Object("imageScanningConfiguration")?.Bool("scanOnPush") ?? false,
            encryption?.String("encryptionType") ?? "AES256",
            encryption?.String("kmsKey"));
    }

    public static EcrImage Image(JsonView d)
    {
        var status = d.Object("imageScanStatus");
        var summary = d.Object("imageScanFindingsSummary");
        return new EcrImage(
            new EcrImageKey(d.RequiredString("registryId"), d.RequiredString("repositoryName"), d.RequiredString("imageDigest")),
            d.Strings("imageTags"),
            d.Epoch("imagePushedAt"),
            d.Epoch("lastRecordedPullTime"),
            status?.String("status"),
            status?.String("description"),
            summary?.Epoch("imageScanCompletedAt"),
            summary?.IntMap("findingSeverityCounts", EcrSeverityNames.Shared) ?? EcrSeverityNames.NoCounts);
    }

    public static EcrVulnerability BasicFinding(JsonView f)
    {
        var attributes = f.Array("attributes")
            .Select(a => (Key: a.RequiredString("key"), Value: a.String("value")))
            .GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.First().Value);
        double? score = attributes.TryGetValue("CVSS3_SCORE", out var s) && double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new EcrVulnerability(
            f.RequiredString("name"),
            EcrSeverityNames.Shared(f.String("severity") ?? "UNDEFINED"),
            attributes.GetValueOrDefault("package_name"),
            attributes.GetValueOrDefault("package_version"),
            null,
            null,
            score,
            f.String("uri"));
    }

    public static EcrVulnerability EnhancedFinding(JsonView f)
    {
        var details = f.Object("packageVulnerabilityDetails");
        var package = details?.Array("vulnerablePackages") is { Count: > 0 } packages ? packages[0] : (JsonView?)null;
        return new EcrVulnerability(
            details?.String("vulnerabilityId") ?? f.String("title") ?? f.RequiredString("findingArn"),
            EcrSeverityNames.Shared(f.String("severity") ?? "UNTRIAGED"),
            package?.String("name"),
            package is { } p ? JoinVersion(p.String("version"), p.String("release")) : null,
            package?.String("fixedInVersion"),
            f.String("fixAvailable"),
            f.Double("score"),
            details?.String("sourceUrl"));
    }

    private static string? JoinVersion(string? version, string? release) =>
        version is null ? null : string.IsNullOrEmpty(release) ? version : $"{version}-{release}";
}
