using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KubePosture.AwsEmulator;

namespace KubePosture.Aws.Tests;

/// <summary>The access layer's instruments on meter KubePosture.Aws with bounded labels.</summary>
public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_throttling_durations_and_cache_use_are_measured()
    {
        await using var aws = await AwsTestContext.StartAsync();
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "KubePosture.Aws" && ReferenceEquals(instrument.Meter.Scope, aws.Meters)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        listener.Start();

        aws.Server.Faults.Inject("eks:DescribeCluster", AwsFault.Throttling(times: 1));
        await aws.Session.Eks.DescribeClusterAsync("demo", Ct);
        await aws.Session.Eks.DescribeClusterAsync("demo", Ct);

        var requests = measurements.Where(m => m.Instrument == "kubeposture_aws_requests_total").ToArray();
        Assert.Equal(["success", "throttled"], requests.Select(r => r.Tags["outcome"]).Order());
        Assert.All(requests, r => Assert.Equal(("eks", "DescribeCluster"), (r.Tags["service"], r.Tags["operation"])));
        Assert.Equal("eks", measurements.Single(m => m.Instrument == "kubeposture_aws_throttled_total").Tags["service"]);
        Assert.Equal(2, measurements.Count(m => m.Instrument == "kubeposture_aws_request_duration_seconds"));
        Assert.Single(measurements, m => m.Instrument == "kubeposture_aws_cache_misses_total" && m.Tags["cache"] == "eks");
        Assert.Single(measurements, m => m.Instrument == "kubeposture_aws_cache_hits_total" && m.Tags["cache"] == "eks");
    }

    private static Dictionary<string, string?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, string?>();
        foreach (var (k, v) in tags) d[k] = v?.ToString();
        return d;
    }
}
