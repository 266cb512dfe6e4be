using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KubePosture.Api;
using KubePosture.Checks.Inventory;
using KubePosture.Runtime.Client;

namespace KubePosture.Operator.Exceptions;

/// <summary>
/// What PostureExceptions mean to the scans and the scans to the exceptions, between the two controllers:
/// <list type="bullet">
/// <item>per scan, what its last run matched per exception it applies, so an exception's <c>status.matchedFindings</c>
/// is the sum over those scans (never whichever scan wrote last);</item>
/// <item>problems writing an exception's status that the scans applying it report (the operator's RBAC);</item>
/// <item>the exceptions' effect on a scan (<see cref="EffectOn"/>): when it differs from what the scan last ran with,
/// the scan is due.</item>
/// </list>
/// </summary>
public sealed class ExceptionMatches
{
    private readonly string _controlNamespace;
    private readonly ConcurrentDictionary<ObjectKey, ScanMatches> _scans = new();
    private readonly ConcurrentDictionary<ObjectKey, SourceProblem> _writeProblems = new();

    public ExceptionMatches(string controlNamespace)
    {
        _controlNamespace = controlNamespace;
    }

    /// <summary>Raised for each exception whose totals changed (its status needs writing). Must be cheap (enqueue the key).</summary>
    public event Action<ObjectKey>? ExceptionChanged;

    /// <summary>
    /// Records what the scan <paramref name="scan"/> matched, at <paramref name="at"/>: for each exception of
    /// <paramref name="exceptions"/> the scan applies, its count in <paramref name="counts"/> (by "namespace/name";
    /// absent: 0, as for an invalid exception).
    /// </summary>
    public void Record(ObjectKey scan, IEnumerable<PostureException> exceptions, IReadOnlyDictionary<string, int> counts, DateTimeOffset at)
    {
        var matched = new Dictionary<ObjectKey, int>();
        foreach (var exception in exceptions)
        {
            var key = ObjectKey.Of(exception);
            if (ExceptionScope.Applies(key.Namespace, scan.Namespace, _controlNamespace) && exception.Metadata.DeletionTimestamp is null)
            {
                matched[key] = counts.GetValueOrDefault(key.ToString());
            }
        }

        var next = new ScanMatches(matched, at);
        ScanMatches? before = null;
        _scans.AddOrUpdate(scan, next, (_, old) =>
        {
            before = old;
            return next;
        });
        foreach (var key in matched.Keys.Union(before?.Counts.Keys ?? []))
        {
            var was = before?.Counts.GetValueOrDefault(key, -1) ?? -1;
            var now = matched.GetValueOrDefault(key, -1);
            // A positive count moves lastMatchedTime as well.
            if (was != now || now > 0)
            {
                ExceptionChanged?.Invoke(key);
            }
        }
    }

    /// <summary>The scan is gone: its matches no longer count.</summary>
    public void Forget(ObjectKey scan)
    {
        if (_scans.TryRemove(scan, out var gone))
        {
            foreach (var key in gone.Counts.Keys)
            {
                ExceptionChanged?.Invoke(key);
            }
        }
    }

    /// <summary>
    /// The findings <paramref name="exception"/> matched, summed over the scans of this process that apply it (a finding
    /// two scans cover counts twice), and when it last matched one. Null when no such scan has run since the operator
    /// started (the status keeps what it said).
    /// </summary>
    public ExceptionMatchTotal? Total(ObjectKey exception)
    {
        ExceptionMatchTotal? total = null;
        foreach (var scan in _scans.Values)
        {
            if (!scan.Counts.TryGetValue(exception, out var count))
            {
                continue;
            }

            var last = total?.LastMatched;
            if (count > 0 && (last is null || scan.At > last))
            {
                last = scan.At;
            }

            total = new ExceptionMatchTotal((total?.Findings ?? 0) + count, last);
        }

        return total;
    }

    /// <summary>Sets (or clears, with null) why the status of <paramref name="exception"/> cannot be written; true when that changed.</summary>
    public bool SetWriteProblem(ObjectKey exception, SourceProblem? problem)
    {
        if (problem is null)
        {
            return _writeProblems.TryRemove(exception, out _);
        }

        var changed = true;
        _writeProblems.AddOrUpdate(exception, problem, (_, old) =>
        {
            changed = old != problem;
            return problem;
        });
        return changed;
    }

    /// <summary>A problem writing the status of an exception a scan in <paramref name="scanNamespace"/> applies, or null.</summary>
    public SourceProblem? WriteProblemFor(string? scanNamespace) =>
        _writeProblems.Where(p => ExceptionScope.Applies(p.Key.Namespace, scanNamespace, _controlNamespace))
            .OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => p.Value).FirstOrDefault();

    /// <summary>
    /// A digest of what the exceptions a scan in <paramref name="scanNamespace"/> applies mean at <paramref name="now"/>:
    /// which exist, their generation (spec), whether each has expired, and whether their status can be written. Status
    /// writes do not change it, so a scan rescans when an exception is created, edited, deleted or expires, and not
    /// when the operator writes an exception's status.
    /// </summary>
    public string EffectOn(string? scanNamespace, IEnumerable<PostureException> exceptions, DateTimeOffset now)
    {
        var text = new StringBuilder();
        foreach (var exception in exceptions
            .Where(e => e.Metadata.DeletionTimestamp is null && ExceptionScope.Applies(e.Metadata.NamespaceProperty, scanNamespace, _controlNamespace))
            .OrderBy(e => e.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(e => e.Metadata.Name, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{exception.Metadata.NamespaceProperty}/{exception.Metadata.Name} {exception.Metadata.Generation} {PostureExceptionValidator.IsExpired(exception.Spec, now)}\n");
        }

        text.Append(WriteProblemFor(scanNamespace) is null ? "status writable" : "status not writable");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed record ScanMatches(IReadOnlyDictionary<ObjectKey, int> Counts, DateTimeOffset At);
}

/// <summary>Findings an exception matched over the scans that apply it, and when it last matched one (null: never).</summary>
public readonly record struct ExceptionMatchTotal(int Findings, DateTimeOffset? LastMatched);
