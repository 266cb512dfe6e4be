using KubePosture.Api;
using KubePosture.Aws.Collection;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Scoring;
using KubePosture.Inventory;

namespace KubePosture.Operator.Scans;

/// <summary>
/// The scan pipeline, pure apart from reading the watch-maintained <see cref="InventoryStore"/>: scope (tenancy rule)
/// ─▶ inventory snapshot ─▶ check engine ─▶ PostureException matching ─▶ summary and score.
/// </summary>
public sealed class ScanRunner
{
    private readonly InventoryStore _store;
    private readonly string _controlNamespace;

    public ScanRunner(InventoryStore store, string controlNamespace)
    {
        _store = store;
        _controlNamespace = controlNamespace;
    }

    public string? ControlPlaneVersion { get; set; }

    /// <summary>
    /// Reads the AWS side for scans the tenancy rule allows AWS access (control namespace, spec.aws.enabled). Null:
    /// AWS checks are reported not evaluated ("AWS inventory not collected").
    /// </summary>
    public AwsInventoryCollector? AwsCollector { get; set; }

    /// <summary>The EKS cluster name of scans whose spec.aws names none (operator configuration Aws:ClusterName).</summary>
    public string? DefaultClusterName { get; set; }

    public ScanResult Run(PostureScan scan, IReadOnlyList<PostureException> exceptions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var spec = scan.Spec;
        var scanNamespace = scan.Metadata.NamespaceProperty;
        var version = _store.Version;
        var scope = ScanScopeResolver.Resolve(spec, scanNamespace, _controlNamespace, _store.ListNamespaces());
        var inventory = _store.Snapshot(scope, now, Settings(spec), ControlPlaneVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var unavailable = new Dictionary<string, string>(inventory.UnavailableSources, StringComparer.Ordinal);
        long awsCalls = 0;
        var notes = new List<string>();
        if (scope.Aws && AwsCollector is { } collector)
        {
            // Run executes on a worker thread (the reconciler's Task.Run), so waiting here blocks no event loop.
            var aws = collector.CollectAsync(inventory, new AwsCollectionRequest(spec.Aws?.Region, spec.Aws?.ClusterName ?? DefaultClusterName, spec.Aws?.RoleArn, EcsClusters: spec.Aws?.EcsClusters), cancellationToken)
                .GetAwaiter().GetResult();
            awsCalls = aws.Calls;
            if (aws.ScopeError is { } error)
                unavailable["aws"] = error;
            inventory = inventory.WithAws(aws.Inventory);
            notes.AddRange(aws.Inventory?.Notes ?? []);
            foreach (var u in aws.Inventory?.Unavailable ?? [])
                unavailable[u.Action == Checks.Inventory.Aws.AwsUnavailable.AllActions ? u.Source : u.Action] = (u.Denied ? "forbidden: " : "") + u.Reason;
        }

        var engine = CheckEngine.Run(inventory, Selection(spec));
        cancellationToken.ThrowIfCancellationRequested();

        var records = exceptions
            .Where(e => e.Metadata.DeletionTimestamp is null)
            .Where(e => ValidateException(e, now).Count == 0)
            .Select(ToRecord)
            .ToList();
        var outcome = ExceptionMatcher.Apply(engine.Findings, records, inventory, spec.Exceptions?.AllowAnnotations ?? false, now, _controlNamespace);
        var summary = Scoring.Summarize(engine, outcome, inventory);
        return new ScanResult(scope, engine, outcome, summary, unavailable, version, awsCalls) { Notes = notes };
    }

    /// <summary>
    /// Spec errors of a PostureException. Expiry is judged at creation time here: an exception that was valid and has
    /// since expired is not invalid, it is reported Expired by the matcher.
    /// </summary>
    public static IReadOnlyList<ValidationIssue> ValidateException(PostureException exception, DateTimeOffset now)
    {
        DateTimeOffset? created = exception.Metadata.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null;
        var ids = CheckCatalog.All.Select(check => check.Descriptor.Id).ToList();
        return PostureExceptionValidator.Validate(exception.Spec, ids, created ?? now, created).Errors();
    }

    public static ExceptionRecord ToRecord(PostureException exception) => new(
        exception.Metadata.NamespaceProperty,
        exception.Metadata.Name,
        exception.Spec.Checks,
        [.. (exception.Spec.Resources ?? []).Select(r => new ExceptionResourceMatch(r.Kind, r.Namespace, r.Name, r.Selector is null ? null : ToSelector(r.Selector)))],
        exception.Spec.Justification,
        new DateTimeOffset(DateTime.SpecifyKind(exception.Spec.ExpiresAt, DateTimeKind.Utc)),
        exception.Spec.Owner);

    private static CheckSettings Settings(PostureScanSpec spec)
    {
        TimeSpan? maxNodeAge = spec.Nodes?.MaxNodeAge is { Length: > 0 } age ? Duration.Parse(age) : null;
        var maxScanAge = Duration.Parse(spec.Ecr?.MaxScanAge is { Length: > 0 } scanAge ? scanAge : EcrSpec.DefaultMaxScanAge);
        return new CheckSettings(maxNodeAge, maxScanAge, spec.Images?.AllowedRegistries ?? [])
        {
            MinLogRetentionDays = spec.Aws?.MinLogRetentionDays ?? AwsSpec.DefaultMinLogRetentionDays,
        };
    }

    private static CheckSelection Selection(PostureScanSpec spec) => new()
    {
        Include = spec.Checks?.Include ?? [],
        Exclude = spec.Checks?.Exclude ?? [],
        MinSeverity = spec.Checks?.MinSeverity is { } min ? Enum.Parse<Severity>(min) : null,
        SeverityOverrides = (spec.SeverityOverrides ?? []).ToDictionary(p => p.Key, p => Enum.Parse<Severity>(p.Value)),
    };

    private static LabelSelector ToSelector(LabelSelectorSpec spec) => new(
        spec.MatchLabels ?? [],
        [.. (spec.MatchExpressions ?? []).Select(e => new LabelRequirement(e.Key, e.Operator, e.Values ?? []))]);
}
