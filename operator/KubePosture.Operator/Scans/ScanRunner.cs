using KubePosture.Api;
using KubePosture.Aws.Collection;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Compliance;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Scoring;
using KubePosture.Aws;
using KubePosture.Inventory;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Kube;
using Microsoft.Extensions.Options;

namespace KubePosture.Operator.Scans;

/// <summary>
/// The scan pipeline, pure apart from reading the watch-maintained <see cref="InventoryStore"/> and AWS: scope (tenancy
/// rule) ─▶ inventory snapshot ─▶ AWS collection (awaited) ─▶ check engine, exception matching and scoring (CPU-bound,
/// on the thread pool). Its collaborators come through the constructor.
/// </summary>
public sealed class ScanRunner
{
    private readonly InventoryStore _store;
    private readonly AwsInventoryCollector? _aws;
    private readonly ControlPlaneVersion _version;
    private readonly string _controlNamespace;
    private readonly string? _defaultClusterName;

    /// <param name="store">The watch-maintained inventory.</param>
    /// <param name="aws">Reads the AWS side for scans the tenancy rule allows AWS access (control namespace,
    /// spec.aws.enabled). Null: AWS checks are reported not evaluated ("AWS inventory not collected").</param>
    /// <param name="version">The API server's version.</param>
    /// <param name="options">The control namespace.</param>
    /// <param name="awsOptions">The EKS cluster name of scans whose spec.aws names none (Aws:ClusterName).</param>
    public ScanRunner(InventoryStore store, AwsInventoryCollector? aws, ControlPlaneVersion version, IOptions<OperatorOptions> options, IOptions<AwsOptions> awsOptions)
    {
        _store = store;
        _aws = aws;
        _version = version;
        _controlNamespace = options.Value.ControlNamespace;
        _defaultClusterName = string.IsNullOrWhiteSpace(awsOptions.Value.ClusterName) ? null : awsOptions.Value.ClusterName.Trim();
    }

    /// <summary>Scans <paramref name="spec"/> (the normalized spec) of a PostureScan in <paramref name="scanNamespace"/>.</summary>
    public async Task<ScanResult> RunAsync(PostureScanSpec spec, string scanNamespace, IReadOnlyList<PostureException> exceptions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var controlPlaneVersion = await _version.GetAsync(cancellationToken);
        var version = _store.Version;
        var scope = ScanScopeResolver.Resolve(spec, scanNamespace, _controlNamespace, _store.ListNamespaces());
        var inventory = _store.Snapshot(scope, now, Settings(spec), controlPlaneVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var unavailable = new Dictionary<string, SourceProblem>(inventory.UnavailableSources, StringComparer.Ordinal);
        long awsCalls = 0;
        var notes = new List<string>();
        if (scope.Aws && _aws is { } collector)
        {
            var aws = await collector.CollectAsync(inventory, new AwsCollectionRequest(spec.Aws?.Region, spec.Aws?.ClusterName ?? _defaultClusterName, spec.Aws?.RoleArn, EcsClusters: spec.Aws?.EcsClusters), cancellationToken);
            awsCalls = aws.Calls;
            if (aws.ScopeError is { } error)
                unavailable["aws"] = SourceProblem.Unreachable(error);
            inventory = inventory.WithAws(aws.Inventory);
            notes.AddRange(aws.Inventory?.Notes ?? []);
            foreach (var u in aws.Inventory?.Unavailable ?? [])
                unavailable[u.Key] = u.Problem;
        }

        var records = exceptions
            .Where(e => e.Metadata.DeletionTimestamp is null)
            .Where(e => ValidateException(e, now).Count == 0)
            .Select(ToRecord)
            .ToList();
        var allowAnnotations = spec.Exceptions?.AllowAnnotations ?? false;
        var evaluated = inventory;
        var (engine, outcome, summary) = await Task.Run(() =>
        {
            var engine = CheckEngine.Run(evaluated, SelectionOf(spec));
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = ExceptionMatcher.Apply(engine.Findings, records, evaluated, allowAnnotations, now, _controlNamespace);
            return (engine, outcome, Scoring.Summarize(engine, outcome, evaluated));
        }, cancellationToken);
        return new ScanResult(scope, engine, outcome, summary, unavailable, version, awsCalls) { Notes = notes, Compliance = Compliance(spec, engine, outcome, evaluated) };
    }

    /// <summary>
    /// Spec errors of a PostureException. Expiry is judged at creation time here: an exception that was valid and has
    /// since expired is not invalid, it is reported Expired by the matcher.
    /// </summary>
    /// <summary>The frameworks of spec.compliance (validated: an unknown id never gets here) evaluated over the scan's evidence.</summary>
    public static IReadOnlyList<FrameworkResult> Compliance(PostureScanSpec spec, EngineResult engine, ExceptionOutcome exceptions, ClusterInventory inventory)
    {
        if (spec.Compliance?.Frameworks is not { Count: > 0 } ids)
            return [];
        var evidence = ComplianceEvidence.From(engine, inventory, exceptions);
        return [.. ids.Select(FrameworkCatalog.Find).OfType<ComplianceFramework>().Select(f => ComplianceEvaluator.Evaluate(f, evidence))];
    }

    public static IReadOnlyList<ValidationIssue> ValidateException(PostureException exception, DateTimeOffset now)
    {
        DateTimeOffset? created = exception.Metadata.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null;
        return PostureExceptionValidator.Validate(exception.Spec, ScanSpecChecks.CheckIds, created ?? now, created).Errors();
    }

    public static ExceptionRecord ToRecord(PostureException exception) => new(
        exception.Metadata.NamespaceProperty,
        exception.Metadata.Name,
        exception.Spec.Checks,
        [.. (exception.Spec.Resources ?? []).Select(r => new ExceptionResourceMatch(r.Kind, r.Namespace, r.Name, r.Selector is null ? null : ToSelector(r.Selector)))],
        exception.Spec.Justification,
        PostureExceptionValidator.ExpiresAt(exception.Spec),
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

    /// <summary>The check selection of a (valid) spec: which checks run and how their findings are graded.</summary>
    public static CheckSelection SelectionOf(PostureScanSpec spec) => new()
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
