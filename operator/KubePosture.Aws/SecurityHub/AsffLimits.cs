namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// The ASFF field limits a finding must respect (AWS Security Hub User Guide, "ASFF required and optional attributes"):
/// a longer value is rejected with the whole finding, so longer values are cut and end with <see cref="Marker"/>.
/// </summary>
public static class AsffLimits
{
    public const int Id = 512;
    public const int GeneratorId = 512;
    public const int Title = 256;
    public const int Description = 1024;
    public const int RecommendationText = 512;
    public const int Url = 512;
    public const int NoteText = 512;
    public const int ResourceId = 512;
    public const int ProductFieldKey = 128;
    public const int ProductFieldValue = 2048;
    /// <summary>Security Hub adds a few aws/securityhub/* product fields itself to the 50 allowed; ours stay below.</summary>
    public const int ProductFields = 40;
    public const int OtherDetailKey = 128;
    public const int OtherDetailValue = 1024;
    public const int OtherDetails = 50;
    public const int Resources = 32;
    public const int Types = 50;
    public const int RelatedRequirements = 32;
    public const int RelatedRequirement = 256;
    /// <summary>Findings per BatchImportFindings call.</summary>
    public const int FindingsPerImport = 100;
    /// <summary>The largest finding Security Hub accepts (240 KB).</summary>
    public const int FindingBytes = 240 * 1024;

    /// <summary>What ends a value that was cut to fit its limit.</summary>
    public const string Marker = "...[truncated]";

    /// <summary><paramref name="value"/> unchanged when it fits, else cut (never inside a surrogate pair) and ending with <see cref="Marker"/>.</summary>
    public static string Fit(string value, int limit)
    {
        if (value.Length <= limit)
            return value;
        var cut = limit - Marker.Length;
        if (cut > 0 && char.IsHighSurrogate(value[cut - 1]))
            cut--;
        return string.Concat(value.AsSpan(0, Math.Max(cut, 0)), Marker);
    }
}
