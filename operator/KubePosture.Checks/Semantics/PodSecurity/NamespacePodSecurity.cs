using System.Runtime.CompilerServices;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>A Pod Security admission mode's level and version for a namespace, and whether its labels parsed.</summary>
public sealed record PodSecurityModePolicy(PodSecurityLevel Level, PodSecurityVersion Version, bool LevelSet, bool Valid)
{
    public override string ToString() => $"{PodSecurityStandards.LabelValue(Level)}:{Version}";
}

/// <summary>
/// The Pod Security admission policy a namespace's labels give (<c>pod-security.kubernetes.io/{enforce,audit,warn}</c>
/// and their <c>-version</c> labels), parsed as admission parses them: an unset level is privileged and an unset
/// version latest; an enforce level admission cannot parse enforces restricted (it fails closed) while an invalid
/// audit or warn level is privileged (they fail open); an invalid version is latest; without a warn label, warn
/// follows a stricter enforce (and its version, unless warn-version is set).
/// </summary>
public sealed record NamespacePodSecurity(PodSecurityModePolicy Enforce, PodSecurityModePolicy Audit, PodSecurityModePolicy Warn)
{
    public const string LabelPrefix = "pod-security.kubernetes.io/";
    public const string EnforceLabel = LabelPrefix + "enforce";

    /// <summary>A namespace without labels (or not in the inventory): privileged at latest in every mode.</summary>
    public static NamespacePodSecurity Unlabelled { get; } = new(Unset, Unset, Unset);

    private static PodSecurityModePolicy Unset => new(PodSecurityLevel.Privileged, PodSecurityVersion.Latest, LevelSet: false, Valid: true);

    /// <summary>The policy the labels give.</summary>
    public static NamespacePodSecurity FromLabels(IReadOnlyDictionary<string, string> labels)
    {
        var enforce = Mode(labels, "enforce", failClosed: true);
        var audit = Mode(labels, "audit", failClosed: false);
        var warn = Mode(labels, "warn", failClosed: false);
        if (!labels.ContainsKey(LabelPrefix + "warn") && enforce.LevelSet && enforce.Valid && enforce.Level > warn.Level)
        {
            warn = warn with
            {
                Level = enforce.Level,
                Version = labels.ContainsKey(LabelPrefix + "warn-version") ? warn.Version : enforce.Version,
            };
        }

        return new NamespacePodSecurity(enforce, audit, warn);
    }

    private static PodSecurityModePolicy Mode(IReadOnlyDictionary<string, string> labels, string mode, bool failClosed)
    {
        var levelSet = labels.TryGetValue(LabelPrefix + mode, out var levelText);
        var level = levelSet ? PodSecurityStandards.ParseLevel(levelText) : PodSecurityLevel.Privileged;
        var version = PodSecurityVersion.Parse(labels.GetValueOrDefault(LabelPrefix + mode + "-version"), out var versionValid);
        return new PodSecurityModePolicy(
            level ?? (failClosed ? PodSecurityLevel.Restricted : PodSecurityLevel.Privileged),
            version,
            LevelSet: levelSet && level is not null,
            Valid: level is not null && versionValid);
    }

    /// <summary>The policy of namespace <paramref name="name"/> in the inventory (unlabelled when it is not there).</summary>
    public static NamespacePodSecurity Of(ClusterInventory inventory, string? name)
    {
        if (name is null)
            return Unlabelled;
        var ns = ByName.Find(inventory.Namespaces, name);
        return ns is null ? Unlabelled : Policies.GetValue(ns, n => FromLabels(n.Labels));
    }

    /// <summary>The version a workload in namespace <paramref name="name"/> is assessed at: its namespace's enforce version.</summary>
    public static PodSecurityVersion AssessedVersion(ClusterInventory inventory, string? name) => Of(inventory, name).Enforce.Version;

    private static readonly ListIndex<NamespaceRecord, string> ByName = new(n => n.Name, StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<NamespaceRecord, NamespacePodSecurity> Policies = [];
}
