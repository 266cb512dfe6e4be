namespace KubePosture.KubeEmulator.Tests;

/// <summary>
/// Issue 2, item 11: 50,000 pods plus the rest of a synthetic cluster fit, and a paginated LIST returns every pod.
/// The measured memory and list time go to the test output (they are reported, not asserted: timing is not a test).
/// </summary>
public sealed class ScaleTests
{
    [Fact]
    public async Task Fifty_thousand_pods_fit_and_a_paginated_list_returns_each_exactly_once_in_pages_of_500()
    {
        await using var server = await KubeEmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var measurement = await ScaleMeasurement.MeasureAsync(server, 50_000, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(measurement.ToString());
        Console.WriteLine(measurement.ToString());
        Assert.Equal(50_000, measurement.Pods);
        Assert.Equal(50_000, measurement.ListedPods);
        Assert.Equal(100, measurement.Pages);
        Assert.True(measurement.StoredObjects > 50_000, $"only {measurement.StoredObjects} objects are stored");
    }
}
