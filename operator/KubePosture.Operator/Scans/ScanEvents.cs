using k8s.Models;
using KubePosture.Api;
using KubePosture.Checks.Inventory;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Scans;

/// <summary>
/// Records core/v1 Events on PostureScans (reasons ScanStarted, ScanCompleted, ScanFailed, InvalidSpec). An Event that
/// cannot be written is logged; it never fails a reconcile and never makes a complete scan partial. Only a forbidden
/// write (the operator's RBAC lacks events) is returned, for the caller to show.
/// </summary>
public sealed partial class ScanEvents
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private readonly KubeApiClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _instance;

    public ScanEvents(KubeApiClient client, TimeProvider time, ILogger<ScanEvents> logger, string instance)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _instance = instance;
    }

    /// <summary>Records an Event on the scan; returns why it could not be recorded, or null.</summary>
    public async Task<SourceProblem?> RecordAsync(PostureScan scan, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { GenerateName = scan.Metadata.Name + ".", NamespaceProperty = scan.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = ApiConstants.ApiVersion,
                Kind = ApiConstants.PostureScanKind,
                Name = scan.Metadata.Name,
                NamespaceProperty = scan.Metadata.NamespaceProperty,
                Uid = scan.Metadata.Uid,
                ResourceVersion = scan.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = BoundedText.Bound(message, BoundedText.MaxEventMessage),
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            Source = new V1EventSource { Component = "kubeposture" },
            ReportingComponent = "kubeposture.io/operator",
            ReportingInstance = _instance,
        };
        try
        {
            await _client.CreateAsync(ApiResources.Events, ev, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(_logger, e, reason, scan.Metadata.NamespaceProperty, scan.Metadata.Name);
            return e is KubeApiException { IsForbidden: true }
                ? SourceProblem.Forbidden($"the operator's RBAC does not allow it to create events in namespace {scan.Metadata.NamespaceProperty}")
                : null;
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "could not record event {Reason} on PostureScan {Namespace}/{Name}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason, string @namespace, string name);
}
