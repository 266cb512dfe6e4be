using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Exceptions;

/// <summary>
/// Applies PostureExceptions and, when the scan allows them, workload exemption annotations to findings.
/// Rules: an expired exception (ExpiresAt at or before now) suppresses nothing and is reported; an exception
/// outside <c>controlNamespace</c> suppresses only findings whose resource is in its own namespace (a tenant
/// cannot hide another tenant's or the cluster's findings); the annotations <c>kubeposture.io/exempt: "ids"</c>
/// (comma or space separated ids or globs) with a non-empty <c>kubeposture.io/exempt-reason</c> on a workload
/// count only when <c>allowAnnotations</c> is true, because self-service exemption is a known abuse.
/// </summary>
public static class ExceptionMatcher
{
    public const string ExemptAnnotation = "kubeposture.io/exempt";
    public const string ExemptReasonAnnotation = "kubeposture.io/exempt-reason";

    /// <param name="controlNamespace">The operator's control namespace: exceptions there may suppress any finding. Null: none may.</param>
    public static ExceptionOutcome Apply(
        IReadOnlyList<Finding> findings,
        IReadOnlyList<ExceptionRecord> exceptions,
        ClusterInventory inventory,
        bool allowAnnotations,
        DateTimeOffset now,
        string? controlNamespace = null)
    {
        var live = exceptions.Where(e => e.ExpiresAt > now).ToArray();
        var expired = exceptions.Where(e => e.ExpiresAt <= now).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        var counts = exceptions.ToDictionary(e => e.Key, _ => 0, StringComparer.Ordinal);
        var labels = LabelIndex(inventory);
        var workloads = inventory.Workloads.ToDictionary(w => w.Ref);
        var active = new List<Finding>(findings.Count); // sized once: no large-object-heap copies while it grows
        var suppressed = new List<SuppressedFinding>();
        var ignoredAnnotations = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var finding in findings)
        {
            SuppressedFinding? by = null;
            foreach (var exception in live)
            {
                if (!Matches(exception, finding, labels, controlNamespace))
                    continue;
                counts[exception.Key]++;
                by ??= new SuppressedFinding(finding, $"PostureException {exception.Key}", exception.Justification);
            }

            if (by is null && workloads.TryGetValue(finding.Resource, out var workload) && ExemptIds(workload) is { } exempt
                && exempt.Ids.Any(id => id == finding.CheckId || (GlobPattern.IsGlob(id) && GlobPattern.IsMatch(id, finding.CheckId))))
            {
                if (allowAnnotations && !string.IsNullOrWhiteSpace(exempt.Reason))
                    by = new SuppressedFinding(finding, $"annotation {ExemptAnnotation} on {workload.Ref}", exempt.Reason);
                else
                    ignoredAnnotations.Add(allowAnnotations ? $"{workload.Ref}: {ExemptAnnotation} without {ExemptReasonAnnotation}" : $"{workload.Ref}: annotation exemptions are not allowed by this scan");
            }

            if (by is null)
                active.Add(finding);
            else
                suppressed.Add(by);
        }

        var unused = live.Where(e => counts[e.Key] == 0).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        return new ExceptionOutcome(active, suppressed, counts, expired, unused, [.. ignoredAnnotations]);
    }

    /// <summary>Whether an exception matches a finding (ignoring expiry): check, namespace rule, then any resource match.</summary>
    public static bool Matches(ExceptionRecord exception, Finding finding, IReadOnlyDictionary<ResourceRef, IReadOnlyDictionary<string, string>> labels, string? controlNamespace)
    {
        if (!exception.Checks.Any(c => c == finding.CheckId || (GlobPattern.IsGlob(c) && GlobPattern.IsMatch(c, finding.CheckId))))
            return false;
        if (exception.Namespace != controlNamespace && finding.Resource.Namespace != exception.Namespace)
            return false;
        return exception.Resources.Count == 0 || exception.Resources.Any(r => Matches(r, finding.Resource, labels));
    }

    private static bool Matches(ExceptionResourceMatch match, ResourceRef resource, IReadOnlyDictionary<ResourceRef, IReadOnlyDictionary<string, string>> labels)
    {
        if (match.Kind is { } kind && !GlobPattern.IsMatch(kind, resource.Kind, ignoreCase: true))
            return false;
        if (match.Namespace is { } ns && !GlobPattern.IsMatch(ns, resource.Namespace ?? ""))
            return false;
        if (match.Name is { } name && !GlobPattern.IsMatch(name, resource.Name))
            return false;
        return match.Selector is null || (labels.TryGetValue(resource, out var resourceLabels) && match.Selector.Matches(resourceLabels));
    }

    private static (string[] Ids, string? Reason)? ExemptIds(WorkloadRecord workload)
    {
        if (!workload.Annotations.TryGetValue(ExemptAnnotation, out var value) || string.IsNullOrWhiteSpace(value))
            return null;
        workload.Annotations.TryGetValue(ExemptReasonAnnotation, out var reason);
        return (value.Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), reason);
    }

    /// <summary>Labels of every inventory object a finding can be about (workloads, namespaces, nodes, roles).</summary>
    public static IReadOnlyDictionary<ResourceRef, IReadOnlyDictionary<string, string>> LabelIndex(ClusterInventory inventory)
    {
        var index = new Dictionary<ResourceRef, IReadOnlyDictionary<string, string>>();
        foreach (var w in inventory.Workloads)
            index[w.Ref] = w.Labels;
        foreach (var n in inventory.Namespaces)
            index[new ResourceRef("v1", "Namespace", null, n.Name)] = n.Labels;
        foreach (var n in inventory.Nodes)
            index[new ResourceRef("v1", "Node", null, n.Name)] = n.Labels;
        foreach (var r in inventory.Roles)
            index[new ResourceRef("rbac.authorization.k8s.io/v1", r.Kind, r.Namespace, r.Name)] = r.Labels;
        return index;
    }
}
