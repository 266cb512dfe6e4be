using System.Collections.Concurrent;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Compliance;

/// <summary>
/// What one scan knows, as the compliance view needs it: the active and suppressed findings per check, the checks that
/// ran, and the checks that did not run with the reason. A check that is in neither list was not selected by the scan.
/// </summary>
public sealed class ComplianceEvidence
{
    private readonly ILookup<string, Finding> _active;
    private readonly ILookup<string, SuppressedFinding> _suppressed;
    private readonly HashSet<string> _run;
    private readonly IReadOnlyDictionary<string, string> _notEvaluated;
    private readonly IReadOnlyDictionary<string, int> _belowMinimum;
    private readonly Lazy<IReadOnlyList<PodSecurityFailure>> _podSecurityFailures;
    private readonly ConcurrentDictionary<string, ILookup<ResourceRef, Finding>> _activeByResource = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ILookup<ResourceRef, SuppressedFinding>> _suppressedByResource = new(StringComparer.Ordinal);

    public ComplianceEvidence(IEnumerable<Finding> active, IEnumerable<SuppressedFinding> suppressed, IEnumerable<string> checksRun,
        IReadOnlyDictionary<string, string> checksNotEvaluated, IReadOnlyDictionary<string, int>? findingsBelowMinimum = null)
    {
        _active = active.ToLookup(f => f.CheckId, StringComparer.Ordinal);
        _suppressed = suppressed.ToLookup(s => s.Finding.CheckId, StringComparer.Ordinal);
        _run = new HashSet<string>(checksRun, StringComparer.Ordinal);
        _notEvaluated = checksNotEvaluated;
        _belowMinimum = findingsBelowMinimum ?? new Dictionary<string, int>();
        _podSecurityFailures = new Lazy<IReadOnlyList<PodSecurityFailure>>(FindPodSecurityFailures);
    }

    /// <summary>
    /// The inventory the scan's checks ran over: Pod Security controls are decided from its workloads. Null (evidence
    /// made of findings alone) leaves those controls not evaluated.
    /// </summary>
    public ClusterInventory? Inventory { get; init; }

    /// <summary>
    /// The workloads in the scan's scope that break a Pod Security control at their namespace's enforce version, with
    /// that version and the controls they break: found once per evidence (every workload once, however many
    /// controls and frameworks ask). Empty without an inventory.
    /// </summary>
    public IReadOnlyList<PodSecurityFailure> PodSecurityFailures => _podSecurityFailures.Value;

    private IReadOnlyList<PodSecurityFailure> FindPodSecurityFailures()
    {
        if (Inventory is not { } inventory)
            return [];
        var failures = new List<PodSecurityFailure>();
        foreach (var w in inventory.Workloads)
        {
            if (!CheckEngine.InScope(w.Ref, inventory.Scope))
                continue;
            var version = WorkloadPodSecurity.VersionOf(inventory, w);
            var failed = WorkloadPodSecurity.FailedAt(w.Spec, version);
            if (!failed.IsEmpty)
                failures.Add(new PodSecurityFailure(w, version, failed));
        }

        return failures;
    }

    /// <summary>A scan's evidence: the engine's result over <paramref name="inventory"/> and, when exceptions were applied, what they suppressed.</summary>
    public static ComplianceEvidence From(EngineResult engine, ClusterInventory? inventory, ExceptionOutcome? exceptions = null)
        => new(exceptions?.Active ?? engine.Findings, exceptions?.Suppressed ?? [], engine.ChecksRun, engine.ChecksNotEvaluated, engine.FindingsBelowMinSeverity)
        {
            Inventory = inventory,
        };

    public IEnumerable<Finding> ActiveOf(string checkId) => _active[checkId];

    public IEnumerable<SuppressedFinding> SuppressedOf(string checkId) => _suppressed[checkId];

    /// <summary>
    /// The check's active findings about <paramref name="resource"/>, by an index built per check on first use: a Pod
    /// Security control asks per failing workload, and a search of the check's findings each time is workloads × findings.
    /// </summary>
    public IEnumerable<Finding> ActiveOf(string checkId, ResourceRef resource) =>
        _activeByResource.GetOrAdd(checkId, id => _active[id].ToLookup(f => f.Resource))[resource];

    /// <summary>The check's suppressed findings about <paramref name="resource"/> (indexed as <see cref="ActiveOf(string, ResourceRef)"/>).</summary>
    public IEnumerable<SuppressedFinding> SuppressedOf(string checkId, ResourceRef resource) =>
        _suppressedByResource.GetOrAdd(checkId, id => _suppressed[id].ToLookup(s => s.Finding.Resource))[resource];

    /// <summary>Findings of the check the scan's minimum severity dropped: they still fail a control.</summary>
    public int BelowMinimumOf(string checkId) => _belowMinimum.GetValueOrDefault(checkId);

    /// <summary>Null when the check ran; otherwise why it did not.</summary>
    public string? NotRunReason(string checkId)
    {
        if (_run.Contains(checkId))
            return null;
        if (_notEvaluated.TryGetValue(checkId, out var reason))
            return reason;
        return CheckCatalog.Find(checkId) is null ? "no such check in this build" : "not selected by the scan's checks include/exclude";
    }
}
