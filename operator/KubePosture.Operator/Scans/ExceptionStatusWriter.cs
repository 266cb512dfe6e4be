using KubePosture.Api;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Status;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Scans;

/// <summary>
/// After a scan, writes the status of the PostureExceptions that scan could apply (its own namespace, plus the control
/// namespace's): validity (Ready with InvalidSpec, Expired or Active), findings matched, expiry. Only on change.
/// Returns why a status could not be written (the scan reports it as Degraded), or null.
/// </summary>
public sealed partial class ExceptionStatusWriter
{
    private readonly StatusWriter _status;
    private readonly ILogger _logger;
    private readonly string _controlNamespace;

    public ExceptionStatusWriter(StatusWriter status, ILogger<ExceptionStatusWriter> logger, string controlNamespace)
    {
        _status = status;
        _logger = logger;
        _controlNamespace = controlNamespace;
    }

    public async Task<string?> UpdateAsync(PostureScan scan, ScanResult result, IReadOnlyList<PostureException> exceptions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scanNamespace = scan.Metadata.NamespaceProperty;
        var expired = result.Exceptions.Expired.Select(e => e.Key).ToHashSet();
        string? problem = null;
        foreach (var exception in exceptions)
        {
            var ns = exception.Metadata.NamespaceProperty;
            var visible = scanNamespace == _controlNamespace || ns == scanNamespace || ns == _controlNamespace;
            if (!visible || exception.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            var key = $"{ns}/{exception.Metadata.Name}";
            var errors = ScanRunner.ValidateException(exception, now);
            var scopeErrors = PostureExceptionValidator.ValidateScope(exception.Spec, ns, _controlNamespace).Errors();
            var matched = result.Exceptions.MatchCounts.GetValueOrDefault(key);
            var generation = exception.Metadata.Generation ?? 0;
            try
            {
                await _status.UpdateAsync(ApiResources.PostureExceptions, exception, e =>
                {
                    // A new exception has no status yet (KubernetesJson.Serialize(null) throws).
                    var before = e.Status is null ? null : k8s.KubernetesJson.Serialize(e.Status);
                    e.Status ??= new PostureExceptionStatus();
                    e.Status.Conditions ??= [];
                    e.Status.ObservedGeneration = generation;
                    e.Status.Expired = expired.Contains(key) || PostureExceptionValidator.IsExpired(e.Spec, now);
                    // Counts of the scan that sees the most (the control namespace's) win; a tenant scan adds what it saw.
                    e.Status.MatchedFindings = scanNamespace == _controlNamespace ? matched : Math.Max(matched, e.Status.MatchedFindings ?? 0);
                    if (matched > 0)
                    {
                        e.Status.LastMatchedTime = now.UtcDateTime;
                    }

                    var (status, reason, message) = (errors.Concat(scopeErrors).ToList(), e.Status.Expired) switch
                    {
                        ({ Count: > 0 } invalid, _) => (false, ConditionReasons.InvalidSpec, invalid.ToMessage()),
                        (_, true) => (false, ConditionReasons.Expired, $"spec.expiresAt {e.Spec.ExpiresAt:O} has passed: the exception suppresses nothing; renew it or delete it"),
                        _ => (true, ConditionReasons.Active, $"in force until {e.Spec.ExpiresAt:O}; matched {matched} findings in the last scan"),
                    };
                    Conditions.Set(e.Status.Conditions, ConditionTypes.Ready, status, reason, BoundedText.Bound(message), generation, now);
                    return before != k8s.KubernetesJson.Serialize(e.Status);
                }, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogFailed(_logger, error, ns, exception.Metadata.Name);
                problem ??= error is KubePosture.Runtime.Client.KubeApiException { IsForbidden: true }
                    ? "forbidden: the operator's RBAC does not allow it to write postureexceptions/status"
                    : $"postureexceptions/status of {ns}/{exception.Metadata.Name} could not be written: {error.Message}";
            }
        }

        return problem;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "could not write status of PostureException {Namespace}/{Name}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string @namespace, string name);
}
