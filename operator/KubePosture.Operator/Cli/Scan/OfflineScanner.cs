using KubePosture.Aws.Collection;
using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Inventory;
using KubePosture.Inventory.Manifests;
using ScoringRules = KubePosture.Checks.Scoring.Scoring;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>
/// Assesses manifests without a cluster: streams them into an <see cref="InventoryStore"/>, takes a cluster-scoped
/// snapshot over the namespaces the manifests name, optionally reads the AWS account around it (<c>--aws</c>; without
/// it the AWS checks are not evaluated), runs the check engine and scores the result. Malformed documents are reported
/// and skipped.
/// </summary>
public static class OfflineScanner
{
    /// <param name="options">What to scan and how to report.</param>
    /// <param name="standardInput">Read for <c>-f -</c>.</param>
    /// <param name="time">The scan's clock (ages of nodes and ECR scans).</param>
    /// <param name="onError">Called for each malformed document.</param>
    /// <param name="aws">Reads the AWS side for the snapshot; null: AWS checks are not evaluated.</param>
    /// <exception cref="AwsScopeException">The AWS region or cluster could not be determined.</exception>
    public static ScanReport Scan(ScanOptions options, TextReader standardInput, TimeProvider time, Action<ManifestError>? onError = null,
        Func<ClusterInventory, CancellationToken, AwsCollection>? aws = null, CancellationToken cancellationToken = default)
    {
        var selection = Selection(options);
        var store = new InventoryStore(retainOwnedPodSpecs: true);
        var files = new List<string>();
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<ManifestError>();
        var locations = new Dictionary<ResourceRef, SourceLocation>();
        var removed = new Dictionary<ResourceRef, RemovedApiObjectRecord>();
        var objects = 0;

        foreach (var path in options.Paths)
        {
            foreach (var file in ManifestReader.ListFiles(path))
            {
                files.Add(file == ManifestReader.StandardInput ? "<stdin>" : file);
                var entries = file == ManifestReader.StandardInput
                    ? ManifestReader.Read(standardInput, "<stdin>")
                    : ManifestReader.Read(file);
                foreach (var entry in entries)
                {
                    switch (entry)
                    {
                        case ManifestObject o when InventoryStore.Accepts(o.Object):
                            store.Upsert(o.Object);
                            objects++;
                            if (RefOf(o) is { } reference)
                            {
                                locations.TryAdd(reference, new SourceLocation(o.File, o.Line));
                                if (o.Removed is { } removal)
                                {
                                    var written = reference with { ApiVersion = removal.ApiVersion };
                                    locations.TryAdd(written, new SourceLocation(o.File, o.Line));
                                    removed.TryAdd(written, new RemovedApiObjectRecord(written, removal.ReplacementApiVersion, removal.RemovedIn));
                                }
                            }

                            break;
                        case ManifestObject o:
                            Count(skipped, $"{o.Object.ApiVersion}/{o.Object.Kind}");
                            break;
                        case ManifestSkipped s:
                            Count(skipped, $"{s.ApiVersion}/{s.Kind}");
                            break;
                        case ManifestError e:
                            errors.Add(e);
                            onError?.Invoke(e);
                            break;
                    }
                }
            }
        }

        var namespaces = store.ListNamespaces().Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var scope = new InventoryScope(namespaces, ClusterScoped: true, Aws: aws is not null, options.IncludeSystemNamespaces);
        var inventory = store.Snapshot(scope, time.GetUtcNow(), CheckSettings.Default, controlPlaneVersion: null) with
        {
            RemovedApiObjects = [.. removed.Values],
        };
        var awsUnavailable = new List<string>();
        if (aws is not null)
        {
            var collection = aws(inventory, cancellationToken);
            if (collection.ScopeError is { } scopeError)
                throw new AwsScopeException(scopeError);
            inventory = inventory.WithAws(collection.Inventory);
            awsUnavailable.AddRange((collection.Inventory?.Unavailable ?? []).Select(u => $"{u.Key}: {u.Problem}"));
        }

        var engine = CheckEngine.Run(inventory, selection);
        var summary = ScoringRules.Summarize(engine, null, inventory);
        var frameworks = Frameworks(options);
        var evidence = ComplianceEvidence.From(engine, inventory);
        return new ScanReport(engine, summary, files, objects, skipped, errors, locations)
        {
            AwsUnavailable = awsUnavailable,
            Compliance = [.. frameworks.Select(f => ComplianceEvaluator.Evaluate(f, evidence))],
            Controls = ControlIndex.Over(frameworks),
        };
    }

    /// <summary>
    /// The frameworks the report covers: those named by --framework (validated before the scan), else none for table,
    /// json and sarif output and every framework for junit and csv, whose rows are controls.
    /// </summary>
    public static IReadOnlyList<ComplianceFramework> Frameworks(ScanOptions options)
        => options.Frameworks.Count > 0
            ? [.. options.Frameworks.Select(id => FrameworkCatalog.Find(id) ?? throw new ArgumentException($"--framework \"{id}\": unknown framework", nameof(options)))]
            : options.Format is ScanOutputFormat.Junit or ScanOutputFormat.Csv ? FrameworkCatalog.All : [];

    /// <summary>The check selection of --checks and --skip (comma-separated ids, globs or categories).</summary>
    public static CheckSelection Selection(ScanOptions options) => new()
    {
        Include = options.Checks,
        Exclude = options.Skip,
        IncludeField = "--checks",
        ExcludeField = "--skip",
    };

    private static ResourceRef? RefOf(ManifestObject entry)
    {
        var kind = InventoryStore.SupportedKinds.FirstOrDefault(k => k.ClrType == entry.Object.GetType());
        if (kind is null)
            return null;
        var meta = entry.Object.Metadata;
        var ns = kind.Namespaced ? (string.IsNullOrEmpty(meta?.NamespaceProperty) ? "default" : meta.NamespaceProperty) : null;
        return new ResourceRef(kind.ApiVersion, kind.Kind, ns, meta?.Name ?? "");
    }

    private static void Count(SortedDictionary<string, int> counts, string key)
        => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>Whether a finding reaches the --fail-on threshold.</summary>
    public static bool Fails(ScanReport report, Severity? failOn)
        => failOn is { } threshold && report.Findings.Any(f => f.Severity >= threshold);
}
