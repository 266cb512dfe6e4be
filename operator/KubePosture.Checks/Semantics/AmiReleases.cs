using System.Globalization;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// EKS optimized AMI releases: which public SSM parameter holds the recommended release for a managed node group's
/// AMI type and Kubernetes minor, and how release versions compare.
/// </summary>
public static class AmiReleases
{
    /// <summary>
    /// The SSM parameter with the recommended release version, or null for AMI types without one (CUSTOM, Windows).
    /// AL2: /aws/service/eks/optimized-ami/1.31/amazon-linux-2[-arm64|-gpu]/recommended/release_version;
    /// AL2023: /aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version;
    /// Bottlerocket: /aws/service/bottlerocket/aws-k8s-1.31[-nvidia]/x86_64/latest/image_version.
    /// </summary>
    public static string? ParameterName(string? amiType, string? kubernetesVersion)
    {
        if (string.IsNullOrEmpty(amiType) || string.IsNullOrEmpty(kubernetesVersion))
            return null;
        var v = kubernetesVersion;
        const string Eks = "/aws/service/eks/optimized-ami/";
        return amiType switch
        {
            "AL2_x86_64" => $"{Eks}{v}/amazon-linux-2/recommended/release_version",
            "AL2_ARM_64" => $"{Eks}{v}/amazon-linux-2-arm64/recommended/release_version",
            "AL2_x86_64_GPU" => $"{Eks}{v}/amazon-linux-2-gpu/recommended/release_version",
            "AL2023_x86_64_STANDARD" => $"{Eks}{v}/amazon-linux-2023/x86_64/standard/recommended/release_version",
            "AL2023_ARM_64_STANDARD" => $"{Eks}{v}/amazon-linux-2023/arm64/standard/recommended/release_version",
            "AL2023_x86_64_NVIDIA" => $"{Eks}{v}/amazon-linux-2023/x86_64/nvidia/recommended/release_version",
            "AL2023_ARM_64_NVIDIA" => $"{Eks}{v}/amazon-linux-2023/arm64/nvidia/recommended/release_version",
            "AL2023_x86_64_NEURON" => $"{Eks}{v}/amazon-linux-2023/x86_64/neuron/recommended/release_version",
            "BOTTLEROCKET_x86_64" => $"/aws/service/bottlerocket/aws-k8s-{v}/x86_64/latest/image_version",
            "BOTTLEROCKET_ARM_64" => $"/aws/service/bottlerocket/aws-k8s-{v}/arm64/latest/image_version",
            "BOTTLEROCKET_x86_64_NVIDIA" => $"/aws/service/bottlerocket/aws-k8s-{v}-nvidia/x86_64/latest/image_version",
            "BOTTLEROCKET_ARM_64_NVIDIA" => $"/aws/service/bottlerocket/aws-k8s-{v}-nvidia/arm64/latest/image_version",
            _ => null,
        };
    }

    /// <summary>
    /// Whether a release ("1.31.7-20250505", Bottlerocket "1.39.1-23a2f5bb") is behind the recommended one: the
    /// version part compares numerically, then a numeric date suffix; a different non-numeric suffix (a build hash)
    /// with the same version counts as behind, since the recommended release is the latest.
    /// </summary>
    public static bool IsBehind(string release, string recommended)
    {
        if (string.Equals(release.Trim(), recommended.Trim(), StringComparison.Ordinal))
            return false;
        var (version, suffix) = Split(release);
        var (latestVersion, latestSuffix) = Split(recommended);
        var byVersion = CompareVersions(version, latestVersion);
        if (byVersion != 0)
            return byVersion < 0;
        if (long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var date)
            && long.TryParse(latestSuffix, NumberStyles.None, CultureInfo.InvariantCulture, out var latestDate))
            return date < latestDate;
        return !string.Equals(suffix, latestSuffix, StringComparison.Ordinal);
    }

    private static (string Version, string Suffix) Split(string release)
    {
        var text = release.Trim().TrimStart('v');
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (text, "") : (text[..dash], text[(dash + 1)..]);
    }

    private static int CompareVersions(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var p = i < x.Length && int.TryParse(x[i], NumberStyles.None, CultureInfo.InvariantCulture, out var xi) ? xi : 0;
            var q = i < y.Length && int.TryParse(y[i], NumberStyles.None, CultureInfo.InvariantCulture, out var yi) ? yi : 0;
            if (p != q)
                return p.CompareTo(q);
        }

        return 0;
    }
}
