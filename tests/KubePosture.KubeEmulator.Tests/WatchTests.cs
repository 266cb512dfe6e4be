using Microsoft.Extensions.Time.Testing;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>Watch semantics on a fake clock: bookmarks, timeoutSeconds, selector transitions, initial events, ERROR events.</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private KubeEmulatorServer _server = null!;
    private RawClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await KubeEmulatorServer.StartAsync(new KubeEmulatorOptions { TimeProvider = _time, WatchHistorySize = 50 }, TestContext.Current.CancellationToken);
        _admin = new RawClient(_server, _server.AdminToken);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> CreateConfigMapAsync(string name, string labels = "{}")
    {
        var (code, body) = await _admin.PostAsync("/api/v1/namespaces/default/configmaps", $$$"""{"metadata":{"name":"{{{name}}}","labels":{{{labels}}}}}""");
        Assert.Equal(201, code);
        return body!["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    [Fact]
    public async Task Bookmarks_arrive_on_the_bookmark_interval_with_the_current_resource_version()
    {
        var rv = await CreateConfigMapAsync("a");
        await using var watch = await WatchStream.OpenAsync(_admin, $"/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion={rv}");
        await Eventually.UntilAsync(() => _server.OpenWatches == 1, "the watch is registered");
        var laterRv = await CreateConfigMapAsync("b");
        var added = await watch.NextAsync();
        Assert.Equal("ADDED", added["type"]!.GetValue<string>());

        _time.Advance(TimeSpan.FromMinutes(1));
        var bookmark = await watch.NextAsync();
        Assert.Equal("BOOKMARK", bookmark["type"]!.GetValue<string>());
        Assert.Equal("ConfigMap", bookmark["object"]!["kind"]!.GetValue<string>());
        Assert.Equal(laterRv, bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_ends_when_timeout_seconds_elapse_on_the_server_clock()
    {
        await using var watch = await WatchStream.OpenAsync(_admin, "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30&resourceVersion=" + _server.ResourceVersion);
        await Eventually.UntilAsync(() => _server.OpenWatches == 1, "the watch is registered");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(watch.Ended.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await watch.RemainingAfterEndAsync());
        await Eventually.UntilAsync(() => _server.OpenWatches == 0, "the watch is unregistered");
    }

    [Fact]
    public async Task Label_selected_watches_see_objects_enter_and_leave_the_selection()
    {
        var rv = await CreateConfigMapAsync("sel", """{"tier":"web"}""");
        await using var watch = await WatchStream.OpenAsync(_admin, $"/api/v1/namespaces/default/configmaps?watch=true&labelSelector=tier%3Ddb&resourceVersion={rv}");
        await Eventually.UntilAsync(() => _server.OpenWatches == 1, "the watch is registered");

        Assert.Equal(200, (await _admin.PatchAsync("/api/v1/namespaces/default/configmaps/sel", """{"metadata":{"labels":{"tier":"db"}}}""")).Code);
        Assert.Equal(200, (await _admin.PatchAsync("/api/v1/namespaces/default/configmaps/sel", """{"data":{"k":"v"}}""")).Code);
        Assert.Equal(200, (await _admin.PatchAsync("/api/v1/namespaces/default/configmaps/sel", """{"metadata":{"labels":{"tier":"cache"}}}""")).Code);

        Assert.Equal("ADDED", (await watch.NextAsync())["type"]!.GetValue<string>());
        Assert.Equal("MODIFIED", (await watch.NextAsync())["type"]!.GetValue<string>());
        var left = await watch.NextAsync();
        Assert.Equal("DELETED", left["type"]!.GetValue<string>());
        Assert.Equal("cache", left["object"]!["metadata"]!["labels"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_without_resource_version_starts_with_the_current_objects_and_send_initial_events_ends_with_a_marked_bookmark()
    {
        await CreateConfigMapAsync("x");
        await using (var watch = await WatchStream.OpenAsync(_admin, "/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dx"))
        {
            var first = await watch.NextAsync();
            Assert.Equal("ADDED", first["type"]!.GetValue<string>());
            Assert.Equal("x", first["object"]!["metadata"]!["name"]!.GetValue<string>());
        }
        await using var streaming = await WatchStream.OpenAsync(_admin,
            "/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&fieldSelector=metadata.name%3Dx");
        Assert.Equal("ADDED", (await streaming.NextAsync())["type"]!.GetValue<string>());
        var end = await streaming.NextAsync();
        Assert.Equal("BOOKMARK", end["type"]!.GetValue<string>());
        Assert.Equal("true", end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resuming_beyond_the_bounded_history_answers_an_error_event_with_410_expired()
    {
        var rv = await CreateConfigMapAsync("old");
        for (var i = 0; i < 60; i++) await CreateConfigMapAsync($"churn-{i}");
        await using var watch = await WatchStream.OpenAsync(_admin, $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}");
        Assert.Equal(200, watch.StatusCode);
        var error = await watch.NextAsync();
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        var status = error["object"]!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(410, status["code"]!.GetValue<int>());
        Assert.Equal("Expired", status["reason"]!.GetValue<string>());
        Assert.Matches(@"^too old resource version: \d+ \(\d+\)$", status["message"]!.GetValue<string>());
        Assert.Empty(await watch.RemainingAfterEndAsync());
    }
}
