using System.Diagnostics;
using System.Text.Json.Nodes;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Runtime.Client;

namespace KubePosture.EndToEnd.Tests.Adversarial;

/// <summary>
/// Issue 15: random PostureScan specs (long strings, unicode, wrong types) sent to the operator on the emulators. What
/// the API server accepts ends in a bounded status with at most one scan per generation; what it refuses (wrong types
/// fail the CRD's structural schema even with kubectl --validate=false, which only turns off client-side and field
/// validation) never reaches the operator; the operator keeps serving the other scans; nothing loops.
/// </summary>
public sealed class SpecFuzzTests(AdversarialOperator fixture) : IClassFixture<AdversarialOperator>
{
    private const string Ns = AdversarialOperator.Ns;
    private const int Specs = 60;

    [Fact]
    public async Task Random_specs_end_in_a_bounded_status_without_a_loop_and_other_scans_keep_being_served()
    {
        var cluster = fixture.Cluster;
        var op = fixture.Operator;
        var random = new Random(20261207);
        var clock = Stopwatch.StartNew();
        var accepted = new List<string>();
        for (var i = 0; i < Specs; i++)
        {
            var name = $"fuzz-{i:00}";
            var json = new JsonObject
            {
                ["apiVersion"] = "kubeposture.io/v1alpha1",
                ["kind"] = "PostureScan",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
                ["spec"] = SpecFuzz.Spec(random),
            };
            try
            {
                await cluster.Api.CreateAsync(KubePosture.Operator.Kube.ApiResources.PostureScans, k8s.KubernetesJson.Deserialize<PostureScan>(json.ToJsonString()), TestContext.Current.CancellationToken);
                accepted.Add(name);
            }
            catch (Exception e) when (e is KubeApiException or System.Text.Json.JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                // Refused by the schema (422) or not even representable by the typed client: never reaches the operator.
            }
        }

        await cluster.CreateAsync(TestCluster.NewScan(Ns, "fuzz-good", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));

        var good = await cluster.WaitForReadyAsync(Ns, "fuzz-good");
        Assert.Contains(good.Status!.TopFindings!, f => f.CheckId == "pod.privileged");
        foreach (var name in accepted)
        {
            var scan = await cluster.WaitForAsync(Ns, name, s => TestCluster.Condition(s, ConditionTypes.Ready) is { } ready
                && ready.ObservedGeneration == s.Metadata.Generation && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "a final status");
            Adversary.AssertBounded(scan);
            Assert.Contains(TestCluster.Condition(scan, ConditionTypes.Ready)!.Reason,
                new[] { ConditionReasons.ScanCompleted, ConditionReasons.InvalidSpec, ConditionReasons.Suspended, ConditionReasons.ScopeRestricted });
        }

        clock.Stop();
        await op.WaitIdleAsync(cluster);
        var writes = accepted.ToDictionary(n => n, n => cluster.StatusWrites(Ns, n, TestCluster.OperatorUser));
        var scans = accepted.ToDictionary(n => n, n => Adversary.ScansStarted(op, Ns, n));
        await Adversary.AssertQuietAsync(cluster, op, Ns, "fuzz-good");
        foreach (var name in accepted)
        {
            // One generation each: at most one scan, at most two status writes (Scanning=True, the result), none since.
            Assert.InRange(scans[name], 0, 1);
            Assert.InRange(writes[name], 1, 2);
            Assert.Equal(writes[name], cluster.StatusWrites(Ns, name, TestCluster.OperatorUser));
            Assert.Equal(scans[name], Adversary.ScansStarted(op, Ns, name));
        }

        var metrics = await op.MetricsAsync();
        Assert.Equal(0, metrics.Sum("kubeposture_reconcile_total", ("controller", "posturescan"), ("result", "error")));
        Assert.True(accepted.Count >= Specs / 3, $"only {accepted.Count} of {Specs} specs were accepted: the fuzzer tests the schema, not the operator");
        Assert.True(accepted.Count < Specs, "no spec had a wrong type: the fuzzer does not try the schema");
        Adversary.Report("fuzz", nameof(Random_specs_end_in_a_bounded_status_without_a_loop_and_other_scans_keep_being_served), $"<= 1 ({accepted.Count} accepted of {Specs})", clock);
    }
}

/// <summary>Random PostureScan specs: mostly the right shape with hostile values, sometimes the wrong types.</summary>
internal static class SpecFuzz
{
    private static readonly string[] Checks = ["pod.privileged", "pod.*", "rbac", "*", "?*", "no-such-check", "image.non-ecr", "eks.*", "pod.privileged", "ecr.*", "zz*"];
    private static readonly string[] Namespaces = ["team-a", "team-*", "kube-system", "*", "nothing-here", "kubeposture", "team-b"];
    private static readonly string[] Schedules = ["0 */6 * * *", "0 */6 * * *\n", "*/1 * * * *", "@hourly", "0,58 0,23 * * *", "5 4 31 2 *", " 0 0 * * * ", "0 */6 * *"];
    private static readonly string[] Intervals = ["60d", "5m", "1m", "6h", "0s", "1h30m", "99999d"];
    private static readonly string[] Hostile = ["\u200b", "é", "😀", "\u202e", "a\nb", "\"", "\\", "", " ", "0 */6 * * *\n"];

    /// <summary>One spec; about one in five carries a wrong type somewhere (the API server must refuse it).</summary>
    public static JsonNode Spec(Random random)
    {
        var hostile = random.Next(5) == 0;
        JsonNode? Value(string[] pieces) => hostile && random.Next(3) == 0 ? WrongType(random) : random.Next(4) == 0 ? Text(random, 100) : Pick(random, pieces);
        JsonArray List(string[] pieces) => new([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => hostile && random.Next(4) == 0 ? WrongType(random) : Pick(random, pieces))]);
        var spec = new JsonObject();
        if (random.Next(3) == 0) spec["schedule"] = Value(Schedules);
        if (random.Next(3) == 0) spec["interval"] = Value(Intervals);
        if (random.Next(4) == 0) spec["suspend"] = hostile ? WrongType(random) : random.Next(2) == 0;
        if (random.Next(2) == 0) spec["checks"] = new JsonObject { ["include"] = List(Checks), ["exclude"] = List(Checks) };
        if (random.Next(3) == 0) spec["scope"] = new JsonObject { ["includeNamespaces"] = List(Namespaces), ["excludeNamespaces"] = List(Namespaces) };
        if (random.Next(4) == 0) spec["failOn"] = hostile ? WrongType(random) : "Medium";
        if (random.Next(3) == 0)
        {
            var overrides = new JsonObject();
            for (var i = random.Next(1, 30); i > 0; i--)
                overrides[Text(random, 5000) + i] = hostile && random.Next(3) == 0 ? WrongType(random) : "High";
            spec["severityOverrides"] = overrides;
        }

        if (random.Next(5) == 0) spec["reporting"] = new JsonObject { ["maxFindingsInStatus"] = random.Next(0, 100), ["maxResultsPerReport"] = random.Next(1, 5000) };
        return spec;
    }

    private static JsonNode WrongType(Random random) => random.Next(3) switch
    {
        0 => random.Next(),
        1 => random.Next(2) == 0,
        _ => new JsonObject { ["x"] = 1 },
    };

    private static string Pick(Random random, string[] pieces) => pieces[random.Next(pieces.Length)];

    /// <summary>Hostile text: invisible or control characters, or random unicode up to <paramref name="max"/> characters.</summary>
    private static string Text(Random random, int max) => random.Next(3) switch
    {
        0 => new string((char)random.Next(0x20, 0x3000), random.Next(1, max)),
        1 => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(random, Hostile))),
        _ => Pick(random, Hostile) + Pick(random, Checks),
    };
}
