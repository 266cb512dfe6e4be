using System.Collections.Concurrent;
using KubePosture.Api;
using KubePosture.Checks.Inventory;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Kube;
using KubePosture.Operator.Scans;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Controllers;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Status;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Exceptions;

/// <summary>
/// Reconciles one PostureException: validates it and writes its status (Ready with reason Active, Expired or
/// InvalidSpec, expired, matchedFindings summed over the scans that apply it, lastMatchedTime) only when that changed;
/// when what it means to the scans changed (created, edited, deleted, expired) it raises <see cref="ScanAffected"/> for
/// each scan that applies it, so they rescan without waiting for their interval; it requeues itself at expiresAt.
/// Its controller reconciles on spec and lifecycle changes only (<see cref="ChangeFilters.SpecOrLifecycleChanged"/>),
/// so its own status writes do not queue it again; new match counts come through <see cref="ExceptionMatches"/>.
/// </summary>
public sealed partial class PostureExceptionReconciler(
    ObjectCache<PostureException> exceptions, ObjectCache<PostureScan> scans, ExceptionMatches matches, StatusWriter status,
    TimeProvider time, ILogger<PostureExceptionReconciler> logger, OperatorOptions options) : IReconciler
{
    private readonly ConcurrentDictionary<ObjectKey, Effect> _signalled = new();

    /// <summary>Raised for each PostureScan that applies an exception whose effect changed. Must be cheap (enqueue the key).</summary>
    public event Action<ObjectKey>? ScanAffected;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var exception = exceptions.Get(key);
        if (exception is null || exception.Metadata.DeletionTimestamp is not null)
        {
            matches.SetWriteProblem(key, null);
            if (_signalled.TryRemove(key, out _))
            {
                Signal(key);
            }

            return ReconcileResult.Done;
        }

        var now = time.GetUtcNow();
        var generation = exception.Metadata.Generation ?? 0;
        var errors = ScanRunner.ValidateException(exception, now);
        var expired = PostureExceptionValidator.IsExpired(exception.Spec, now);
        // Scans first: the exception takes effect (or stops) even when its status cannot be written.
        var effect = new Effect(generation, expired);
        if (!_signalled.TryGetValue(key, out var signalled) || signalled != effect)
        {
            _signalled[key] = effect;
            Signal(key);
        }

        var total = matches.Total(key);
        try
        {
            await status.UpdateAsync(ApiResources.PostureExceptions, exception, e => Apply(e, generation, errors, expired, total, now), cancellationToken);
            if (matches.SetWriteProblem(key, null))
            {
                Signal(key);
            }
        }
        catch (KubeApiException e) when (e.IsForbidden)
        {
            // The operator's RBAC, not the tenant's exception: the scans applying it report it as Degraded.
            if (matches.SetWriteProblem(key, SourceProblem.Forbidden("the operator's RBAC does not allow it to write postureexceptions/status")))
            {
                Signal(key);
            }

            throw;
        }

        if (expired || errors.Count > 0)
        {
            return ReconcileResult.Done;
        }

        // Exceptions live up to a year: the work queue waits for expiresAt in timer steps of at most a day.
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(exception.Spec.ExpiresAt, DateTimeKind.Utc));
        LogRequeue(logger, key, expiresAt);
        return ReconcileResult.After(expiresAt - now);
    }

    private static bool Apply(PostureException e, long generation, IReadOnlyList<ValidationIssue> errors, bool expired, ExceptionMatchTotal? total, DateTimeOffset now)
    {
        // A new exception has no status yet (KubernetesJson.Serialize(null) throws).
        var before = e.Status is null ? null : k8s.KubernetesJson.Serialize(e.Status);
        e.Status ??= new PostureExceptionStatus();
        e.Status.Conditions ??= [];
        e.Status.ObservedGeneration = generation;
        e.Status.Expired = expired;
        if (total is { } t)
        {
            e.Status.MatchedFindings = t.Findings;
            if (t.LastMatched is { } at && (e.Status.LastMatchedTime is not { } last || at.UtcDateTime > last))
            {
                e.Status.LastMatchedTime = at.UtcDateTime;
            }
        }

        var matched = e.Status.MatchedFindings is { } m ? $"matched {m} findings in the last scans that apply it" : "no scan has applied it yet";
        var (status, reason, message) = (errors.Count > 0, expired) switch
        {
            (true, _) => (false, ConditionReasons.InvalidSpec, errors.ToMessage()),
            (_, true) => (false, ConditionReasons.Expired, $"spec.expiresAt {e.Spec.ExpiresAt:O} has passed: the exception suppresses nothing; renew it or delete it"),
            _ => (true, ConditionReasons.Active, $"in force until {e.Spec.ExpiresAt:O}; {matched}"),
        };
        Conditions.Set(e.Status.Conditions, ConditionTypes.Ready, status, reason, BoundedText.Bound(message), generation, now);
        return before != k8s.KubernetesJson.Serialize(e.Status);
    }

    private void Signal(ObjectKey exception)
    {
        foreach (var scan in scans.Keys())
        {
            if (ExceptionScope.Applies(exception.Namespace, scan.Namespace, options.ControlNamespace))
            {
                ScanAffected?.Invoke(scan);
            }
        }
    }

    /// <summary>What an exception means to the scans: its spec (generation) and whether it has expired.</summary>
    private readonly record struct Effect(long Generation, bool Expired);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "PostureException {Key}: in force until {ExpiresAt}")]
    private static partial void LogRequeue(ILogger logger, ObjectKey key, DateTimeOffset expiresAt);
}
