using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KubePosture.Aws.Telemetry;

/// <summary>
/// The access layer's instruments on Meter "KubePosture.Aws". Labels are bounded: cluster (when the host names one),
/// service, operation, outcome, cache.
/// </summary>
public sealed class AwsMetrics
{
    public const string MeterName = "KubePosture.Aws";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;

    private readonly KeyValuePair<string, object?>[] _cluster;

    /// <param name="meterFactory">Creates the meter.</param>
    /// <param name="cluster">The value of the label <c>cluster</c> on every series (the operator's cluster name); null: no such label.</param>
    public AwsMetrics(IMeterFactory meterFactory, string? cluster = null)
    {
        _cluster = cluster is null ? [] : [new("cluster", cluster)];
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("kubeposture_aws_requests_total", description: "AWS API requests (each attempt), by service, operation and outcome.");
        _duration = meter.CreateHistogram<double>("kubeposture_aws_request_duration_seconds", unit: "s", description: "Duration of AWS API attempts.");
        _throttled = meter.CreateCounter<long>("kubeposture_aws_throttled_total", description: "AWS API attempts answered with a throttling error.");
        _cacheHits = meter.CreateCounter<long>("kubeposture_aws_cache_hits_total", description: "AWS lookups answered from the cache.");
        _cacheMisses = meter.CreateCounter<long>("kubeposture_aws_cache_misses_total", description: "AWS lookups that had to call AWS.");
    }

    public void RecordRequest(AwsOperation operation, string outcome, TimeSpan duration)
    {
        _requests.Add(1, Tags(("service", operation.Service), ("operation", operation.Name), ("outcome", outcome)));
        AwsCallCounter.Add();
        _duration.Record(duration.TotalSeconds, Tags(("service", operation.Service), ("operation", operation.Name)));
        if (outcome == AwsOutcomes.Throttled) _throttled.Add(1, Tags(("service", operation.Service)));
    }

    public void CacheHit(string cache) => _cacheHits.Add(1, Tags(("cache", cache)));

    public void CacheMiss(string cache) => _cacheMisses.Add(1, Tags(("cache", cache)));

    private TagList Tags(params ReadOnlySpan<(string Key, string Value)> tags)
    {
        var list = new TagList(_cluster);
        foreach (var (key, value) in tags)
            list.Add(key, value);
        return list;
    }
}

/// <summary>Values of the outcome label.</summary>
public static class AwsOutcomes
{
    public const string Success = "success";
    public const string Throttled = "throttled";
    public const string ServerError = "server_error";
    public const string AccessDenied = "access_denied";
    public const string ClientError = "client_error";
    public const string NotFound = "not_found";
    public const string Timeout = "timeout";
    public const string NetworkError = "network_error";
    public const string Malformed = "malformed";
}
