using System.Text.Json.Nodes;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Client;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Issue 20 item 1: a PostureException takes effect when it is applied, edited, deleted or expires, without waiting
/// for the scans' interval; its status.matchedFindings is the sum over the scans that apply it, so two
/// control-namespace scans with different scopes do not make it flap.
/// </summary>
public sealed class ExceptionLifecycleTests
{
    /// <summary>How soon an exception must show in a live scan's status (the issue's acceptance).</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    /// <summary>The operator's control namespace: its scans apply every namespace's exceptions.</summary>
    private static string Ns => TestCluster.ControlNamespace;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_exception_applied_to_a_live_scans_finding_shows_within_seconds_and_stops_when_deleted()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster"));
        await cluster.CreateAsync(TestCluster.NewScan("team-a", "tenant"));
        var before = await cluster.WaitForReadyAsync(Ns, "cluster");
        await cluster.WaitForReadyAsync("team-a", "tenant");
        Assert.Equal(0, before.Status!.Summary!.Suppressed);
        await op.WaitIdleAsync(cluster);

        await cluster.CreateAsync(Exception("team-a", "privileged-debug", DateTime.UtcNow.AddDays(30)));
        await WithLogs(op, async () =>
        {
            // Both scans that can apply a team-a exception pick it up; the interval (6 h) is not waited for.
            await cluster.WaitForAsync(Ns, "cluster", s => s.Status?.Summary?.Suppressed == 1, "the new exception suppresses the privileged pod", Prompt);
            await cluster.WaitForAsync("team-a", "tenant", s => s.Status?.Summary?.Suppressed == 1, "the new exception suppresses the privileged pod", Prompt);
            var exception = await WaitForExceptionAsync(cluster, "team-a", "privileged-debug", e => e?.Status?.MatchedFindings == 2, "matchedFindings 2 (one per scan)");
            var ready = exception.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
            Assert.Equal(("True", ConditionReasons.Active), (ready.Status, ready.Reason));
            Assert.NotNull(exception.Status.LastMatchedTime);
        });

        await cluster.Api.DeleteAsync(ApiResources.PostureExceptions, "team-a", "privileged-debug", Ct);
        await WithLogs(op, async () =>
        {
            await cluster.WaitForAsync(Ns, "cluster", s => s.Status?.Summary?.Suppressed == 0, "the deleted exception suppresses nothing", Prompt);
            await cluster.WaitForAsync("team-a", "tenant", s => s.Status?.Summary?.Suppressed == 0, "the deleted exception suppresses nothing", Prompt);
        });
    }

    [Fact]
    public async Task An_exception_stops_suppressing_when_it_expires_and_says_so()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await StartWithControlScanAsync(cluster);

        // Seconds from now (creationTimestamp has second precision, the validator needs expiry after creation).
        var expiresAt = DateTime.UtcNow.AddSeconds(4);
        await cluster.CreateAsync(Exception("team-a", "short-lived", expiresAt));
        await WithLogs(op, async () =>
        {
            await cluster.WaitForAsync(Ns, "cluster", s => s.Status?.Summary?.Suppressed == 1, "the exception suppresses the privileged pod", Prompt);
            var expired = await WaitForExceptionAsync(cluster, "team-a", "short-lived",
                e => e?.Status?.Expired == true, "status.expired once expiresAt passed", expiresAt - DateTime.UtcNow + Prompt);
            Assert.Equal(ConditionReasons.Expired, expired.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Reason);
            var scan = await cluster.WaitForAsync(Ns, "cluster", s => s.Status?.Summary?.Suppressed == 0, "the expired exception suppresses nothing",
                expiresAt - DateTime.UtcNow + Prompt);
            Assert.True(scan.Status!.LastScan!.StartTime >= expiresAt.AddSeconds(-1), $"rescanned at {scan.Status.LastScan.StartTime:O}, expiry {expiresAt:O}");
        });
    }

    [Fact]
    public async Task Two_control_namespace_scans_with_different_scopes_sum_their_matches_instead_of_flapping()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        var exception = Exception(Ns, "privileged-everywhere", DateTime.UtcNow.AddDays(30));
        exception.Spec.Resources = [new ResourceMatch { Kind = "Pod" }];
        await cluster.CreateAsync(exception);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "team-a-only", s => s.Scope = new ScanScope { IncludeNamespaces = ["team-a"] }));
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "everything"));
        await cluster.WaitForReadyAsync(Ns, "team-a-only");
        await cluster.WaitForReadyAsync(Ns, "everything");

        // team-a-only sees one privileged pod, everything sees two: the exception's count is 3, whichever wrote last.
        var settled = await WaitForExceptionAsync(cluster, Ns, "privileged-everywhere", e => e?.Status?.MatchedFindings == 3, "matchedFindings 3 (1 + 2)");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<int?>();
        var watch = Task.Run(async () =>
        {
            var options = new ListOptions { Namespace = Ns, FieldSelector = "metadata.name=privileged-everywhere", ResourceVersion = settled.Metadata.ResourceVersion, TimeoutSeconds = 60 };
            try
            {
                await foreach (var e in cluster.Api.WatchAsync<PostureException>(ApiResources.PostureExceptions, options, watching.Token))
                    if (e.Kind != WatchEventKind.Bookmark)
                        lock (seen)
                            seen.Add(e.Object?.Status?.MatchedFindings);
            }
            catch (OperationCanceledException)
            {
            }
        }, Ct);

        for (var round = 1; round <= 3; round++)
        {
            foreach (var name in new[] { "team-a-only", "everything" })
                await cluster.PatchAsync(Ns, name, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ApiConstants.RescanAnnotation] = $"round-{round}" } } }.ToJsonString());
            foreach (var name in new[] { "team-a-only", "everything" })
                await cluster.WaitForAsync(Ns, name, s => s.Status?.LastHandledRescan == $"round-{round}" && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", $"rescan round {round}");
        }

        await op.WaitIdleAsync(cluster);
        await watching.CancelAsync();
        await watch;
        lock (seen)
        {
            // Every rescan moves lastMatchedTime, so the watch saw status writes: an empty list would prove nothing.
            Assert.NotEmpty(seen);
            Assert.All(seen, v => Assert.Equal(3, v));
        }

        var last = await cluster.Api.GetAsync<PostureException>(ApiResources.PostureExceptions, Ns, "privileged-everywhere", Ct);
        Assert.Equal(3, last!.Status!.MatchedFindings);

        // The exception's status is written at most once per scan that counted it (plus its first validation): its
        // own writes do not queue it again, so nothing loops.
        var writes = cluster.Server.Requests.Count(r => r.Resource == "postureexceptions.kubeposture.io" && r.Subresource == "status"
            && r.Name == "privileged-everywhere" && r.Verb is "update" or "patch" && r.Code is >= 200 and < 300);
        Assert.InRange(writes, 1, 2 * 4 + 1);
    }

    [Fact]
    public async Task A_tenants_invalid_exception_gets_a_bounded_message_and_never_degrades_the_control_namespace_scan()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await StartWithControlScanAsync(cluster);

        // 100 resource names with spaces, 253 characters each: the InvalidSpec message would be over 32 KiB.
        var invalid = Exception("team-a", "many-bad-names", DateTime.UtcNow.AddDays(30));
        invalid.Spec.Resources = [.. Enumerable.Range(0, 100).Select(i => new ResourceMatch { Name = $"{i:000} " + new string('n', 249) })];
        await cluster.CreateAsync(invalid);
        await WithLogs(op, async () =>
        {
            var exception = await WaitForExceptionAsync(cluster, "team-a", "many-bad-names",
                e => e?.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready) == true, "a Ready condition", Prompt);
            var ready = exception.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
            Assert.Equal(("False", ConditionReasons.InvalidSpec), (ready.Status, ready.Reason));
            Assert.True(ready.Message.Length <= 32 * 1024, $"{ready.Message.Length} characters");
            Assert.Contains("spec.resources[0].name", ready.Message, StringComparison.Ordinal);
            Assert.Matches(@"; and \d+ more$", ready.Message);
        });

        await op.WaitIdleAsync(cluster);
        var scan = await cluster.GetAsync(Ns, "cluster");
        var degraded = TestCluster.Condition(scan!, ConditionTypes.Degraded)!;
        Assert.True(degraded.Status == "False", degraded.Message);
        var metrics = await op.MetricsAsync();
        Assert.Equal(0, metrics.Sum("kubeposture_reconcile_total", ("result", "error")));
    }

    /// <summary>Starts the operator and waits until the control-namespace scan "cluster" has completed.</summary>
    private static async Task<OperatorInstance> StartWithControlScanAsync(TestCluster cluster)
    {
        var op = await OperatorInstance.StartAsync(cluster);
        try
        {
            await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster"));
            await cluster.WaitForReadyAsync(Ns, "cluster");
            return op;
        }
        catch
        {
            await op.DisposeAsync();
            throw;
        }
    }

    private static PostureException Exception(string @namespace, string name, DateTime expiresAt) => new()
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Spec = new PostureExceptionSpec
        {
            Checks = ["pod.privileged"],
            Resources = [new ResourceMatch { Kind = "Pod", Name = "privileged" }],
            Justification = "Debug pod accepted until the incident INC-7 is closed",
            ExpiresAt = expiresAt,
        },
    };

    private static async Task<PostureException> WaitForExceptionAsync(TestCluster cluster, string @namespace, string name, Func<PostureException?, bool> done, string what, TimeSpan? timeout = null) =>
        (await Eventually.Until(() => cluster.Api.GetAsync<PostureException>(ApiResources.PostureExceptions, @namespace, name, Ct), done,
            $"PostureException {@namespace}/{name}: {what}", timeout ?? Prompt))!;

    private static async Task WithLogs(OperatorInstance op, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\noperator logs:\n" + op.Logs, e);
        }
    }
}
