using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Engine;

/// <summary>
/// Runs the selected checks over an inventory. A check is not evaluated (never silently passed) when it is
/// cluster-scoped and the scan is not, when it needs AWS and the scan has no AWS access or no AWS inventory, when a
/// source it declares is unavailable (an AWS source such as <c>aws:ecr</c> or an IAM action such as
/// <c>ecr:DescribeImageScanFindings</c> listed in <see cref="AwsInventory.Unavailable"/>), or when it throws
/// <see cref="CheckNotEvaluatedException"/> (data it needs for this inventory is missing); a check that otherwise throws is reported not evaluated with the exception's message and
/// the scan goes on. Findings are de-duplicated (check, resource, message), severity overrides applied, and
/// findings below the minimum severity dropped. A namespaced (tenant) scan never reports objects outside its
/// namespaces, whatever a check returns.
/// </summary>
public static class CheckEngine
{
    public static EngineResult Run(ClusterInventory inventory, CheckSelection selection)
        => Run(CheckCatalog.All, inventory, selection);

    public static EngineResult Run(IReadOnlyList<ICheck> checks, ClusterInventory inventory, CheckSelection selection)
    {
        var run = new List<string>();
        var ran = new List<CheckDescriptor>();
        var notEvaluated = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // De-duplication by (check, resource, message) happens per check: every finding of a check carries its id,
        // so the keys of different checks never meet, and one index the size of the largest check's output (reused,
        // cleared between checks) replaces a map of every finding of the scan, whose growth to tens of thousands of
        // entries left megabytes of large-object-heap arrays behind at the scan's peak. A finding a check writes
        // under another check's id (none in the catalog) makes one more pass over the kept findings at the end.
        var kept = new List<Finding>();
        var seen = new Dictionary<(string, ResourceRef, FindingMessage), int>();
        var foreignIds = false;
        var produced = new List<Finding>();
        var belowMinimum = new SortedDictionary<string, int>(StringComparer.Ordinal);

        foreach (var check in checks)
        {
            var descriptor = check.Descriptor;
            if (!selection.IsSelected(descriptor))
                continue;
            if (NotEvaluatedReason(descriptor, inventory) is { } reason)
            {
                notEvaluated[descriptor.Id] = reason;
                continue;
            }

            // One buffer for every check: a check's findings are kept apart until it completes (one that throws
            // contributes none), without a new list (and its large-object-heap growth) per check.
            produced.Clear();
            try
            {
                produced.AddRange(check.Evaluate(inventory));
            }
            catch (CheckNotEvaluatedException ex)
            {
                notEvaluated[descriptor.Id] = ex.Message;
                continue;
            }
            catch (Exception ex)
            {
                notEvaluated[descriptor.Id] = $"check failed: {ex.GetType().Name}: {ex.Message}";
                continue;
            }

            run.Add(descriptor.Id);
            ran.Add(descriptor);
            var overrideSeverity = selection.OverrideFor(descriptor.Id);
            seen.EnsureCapacity(produced.Count);
            foreach (var finding in produced)
            {
                if (!InScope(finding.Resource, inventory.Scope))
                    continue;
                var graded = overrideSeverity is { } s && s != finding.Severity ? finding with { Severity = s } : finding;
                if (selection.MinSeverity is { } min && graded.Severity < min)
                {
                    belowMinimum[descriptor.Id] = belowMinimum.GetValueOrDefault(descriptor.Id) + 1;
                    continue;
                }

                if (!string.Equals(graded.CheckId, descriptor.Id, StringComparison.Ordinal))
                {
                    foreignIds = true;
                    kept.Add(graded);
                }
                else if (seen.TryGetValue(graded.Key, out var at))
                {
                    if (kept[at].Severity < graded.Severity)
                        kept[at] = graded;
                }
                else
                {
                    seen.Add(graded.Key, kept.Count);
                    kept.Add(graded);
                }
            }

            seen.Clear();
        }

        var sorted = foreignIds ? Deduplicate(kept) : kept.ToArray();
        Array.Sort(sorted, ReportOrder);
        run.Sort(StringComparer.Ordinal);
        return new EngineResult(sorted, run, notEvaluated, CountObjects(inventory)) { Descriptors = ran, FindingsBelowMinSeverity = belowMinimum };
    }

    /// <summary>One finding per (check, resource, message): the most severe, the first produced among equals.</summary>
    private static Finding[] Deduplicate(List<Finding> findings)
    {
        var byKey = new Dictionary<(string, ResourceRef, FindingMessage), Finding>();
        foreach (var finding in findings)
        {
            if (!byKey.TryGetValue(finding.Key, out var existing) || existing.Severity < finding.Severity)
                byKey[finding.Key] = finding;
        }

        return [.. byKey.Values];
    }

    /// <summary>
    /// Worst first, then by check, namespace, kind, name, message and API version (ordinal; de-duplicated findings never tie). A comparison rather than key selectors:
    /// sorting by keys would render every message held in pieces (<see cref="FindingMessage"/>) at once.
    /// </summary>
    private static int ReportOrder(Finding a, Finding b)
    {
        var c = b.Severity.CompareTo(a.Severity);
        if (c == 0) c = string.CompareOrdinal(a.CheckId, b.CheckId);
        if (c == 0) c = string.CompareOrdinal(a.Resource.Namespace ?? "", b.Resource.Namespace ?? "");
        if (c == 0) c = string.CompareOrdinal(a.Resource.Kind, b.Resource.Kind);
        if (c == 0) c = string.CompareOrdinal(a.Resource.Name, b.Resource.Name);
        if (c == 0) c = a.Text.CompareTo(b.Text);
        if (c == 0) c = string.CompareOrdinal(a.Resource.ApiVersion, b.Resource.ApiVersion);
        return c;
    }

    /// <summary>Why a check cannot run for this inventory, or null when it can.</summary>
    public static string? NotEvaluatedReason(CheckDescriptor descriptor, ClusterInventory inventory)
    {
        if (descriptor.ClusterScoped && !inventory.Scope.ClusterScoped)
            return "out of scope: the check assesses cluster-scoped objects and this scan is namespaced";
        if (descriptor.RequiresAws && !inventory.Scope.Aws)
            return "AWS not enabled: the check reads AWS data and this scan has no AWS access";
        if (descriptor.RequiresAws && inventory.Aws is null)
            return "AWS inventory not collected: spec.aws.enabled is false or AWS collection did not run for this scan";
        foreach (var source in descriptor.Sources)
        {
            if (inventory.UnavailableSources.TryGetValue(source, out var why))
                return $"source {source} unavailable: {why}";
            if (inventory.Aws?.UnavailableFor(source) is { } missing)
            {
                return missing.Action == AwsUnavailable.AllActions
                    ? $"source {missing.Source} unavailable: {missing.Reason}"
                    : $"{missing.Action} {(missing.Denied ? "denied" : "unavailable")}: {missing.Reason}";
            }
        }

        return null;
    }

    /// <summary>A namespaced scan reports only objects in its namespaces (and its Namespace objects); a cluster scan everything.</summary>
    internal static bool InScope(ResourceRef resource, InventoryScope scope)
    {
        if (scope.ClusterScoped)
            return true;
        if (resource.Namespace is not null)
            return scope.Namespaces.Contains(resource.Namespace);
        return resource is { Kind: "Namespace", ApiVersion: "v1" } && scope.Namespaces.Contains(resource.Name);
    }

    private static int CountObjects(ClusterInventory i)
        => i.Namespaces.Count + i.Workloads.Count + i.ServiceAccounts.Count + i.Roles.Count + i.Bindings.Count
           + i.NetworkPolicies.Count + i.Services.Count + i.Nodes.Count + (i.AwsAuth is null ? 0 : 1);
}
