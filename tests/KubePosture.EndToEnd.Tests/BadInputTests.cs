using k8s.Models;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Client;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Issue 3 point 9: bad specs end as Ready=False InvalidSpec (or a warning) with a message naming the field, other
/// scans go on, the operator never crashes; cluster objects of unexpected shape never crash a scan.
/// </summary>
public sealed class BadInputTests
{
    private const string Ns = TestCluster.ControlNamespace;

    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        { "bad-cron", """{"schedule":"*/5 * *"}""", "spec.schedule" },
        { "bad-interval", """{"interval":"1m"}""", "spec.interval" },
        { "unknown-check", """{"checks":{"include":["pod.priviledged"]}}""", "spec.checks.include[0]" },
        { "unknown-category", """{"checks":{"exclude":["no-such-category"]}}""", "spec.checks.exclude[0]" },
        { "bad-node-age", """{"nodes":{"maxNodeAge":"0s"}}""", "spec.nodes.maxNodeAge" },
    };

    [Fact]
    public async Task Invalid_specs_are_reported_naming_the_field_while_other_scans_go_on()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        foreach (var (name, spec, _) in InvalidSpecs.Select(r => ((string, string, string))r.Data))
            await cluster.CreateRawAsync($$"""{"apiVersion":"kubeposture.io/v1alpha1","kind":"PostureScan","metadata":{"name":"{{name}}","namespace":"{{Ns}}"},"spec":{{spec}}}""");
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "good"));
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "no-match", s => s.Scope = new ScanScope { IncludeNamespaces = ["team-*", "nothing-here-*"] }));

        foreach (var (name, _, field) in InvalidSpecs.Select(r => ((string, string, string))r.Data))
        {
            var bad = await cluster.WaitForReadyAsync(Ns, name, ConditionReasons.InvalidSpec);
            var ready = TestCluster.Condition(bad, ConditionTypes.Ready)!;
            Assert.Equal("False", ready.Status);
            Assert.Contains(field, ready.Message, StringComparison.Ordinal);
            Assert.Null(bad.Status!.LastScan);
            var events = await Eventually.Until(() => cluster.EventsAsync(Ns, name), e => e.Any(x => x.Reason == ConditionReasons.InvalidSpec), $"InvalidSpec event on {name}");
            Assert.Contains(field, events.Single(e => e.Reason == ConditionReasons.InvalidSpec).Message, StringComparison.Ordinal);
        }

        await cluster.WaitForReadyAsync(Ns, "good");
        // A scope glob matching nothing is a warning: the scan runs, Ready says which entry matched nothing.
        var noMatch = await cluster.WaitForReadyAsync(Ns, "no-match");
        var noMatchReady = TestCluster.Condition(noMatch, ConditionTypes.Ready)!;
        Assert.Equal("True", noMatchReady.Status);
        Assert.Contains("spec.scope.includeNamespaces[1]", noMatchReady.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("spec.scope.includeNamespaces[0]", noMatchReady.Message, StringComparison.Ordinal);

        await op.WaitIdleAsync(cluster);
        var metrics = await op.MetricsAsync();
        Assert.Equal(InvalidSpecs.Count, (int)metrics.Sum("kubeposture_reconcile_total", ("controller", "posturescan"), ("result", "terminal")));
        Assert.Equal(0, metrics.Sum("kubeposture_reconcile_total", ("result", "error")));
        Assert.Equal(2, op.Reconciler.ScansRun);
        // Terminal: reported once, not retried while the spec stays the same.
        Assert.Equal(1, cluster.StatusWrites(Ns, "bad-cron", TestCluster.OperatorUser));

        // Fixing the field recovers without a restart.
        await cluster.PatchAsync(Ns, "bad-cron", """{"spec":{"schedule":"0 */6 * * *"}}""");
        var fixedScan = await cluster.WaitForReadyAsync(Ns, "bad-cron");
        Assert.Equal(2, fixedScan.Status!.ObservedGeneration);
    }

    [Fact]
    public async Task Exceptions_without_justification_or_past_expiry_are_InvalidSpec_and_suppress_nothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        var ct = TestContext.Current.CancellationToken;

        // The CRD schema already refuses a missing justification, naming the field.
        var refused = await Assert.ThrowsAsync<KubeApiException>(() => cluster.CreateRawExceptionAsync("""{"checks":["pod.privileged"],"expiresAt":"2027-01-01T00:00:00Z"}"""));
        Assert.Contains("spec.justification", refused.Message, StringComparison.Ordinal);

        await cluster.CreateAsync(Exception("blank-justification", "   ", DateTime.UtcNow.AddDays(30)));
        await cluster.CreateAsync(Exception("past-expiry", "CVE accepted until the vendor ships a fix, ticket SEC-42", DateTime.UtcNow.AddDays(-1)));
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster"));
        var scan = await cluster.WaitForReadyAsync(Ns, "cluster");

        foreach (var (name, field) in new[] { ("blank-justification", "spec.justification"), ("past-expiry", "spec.expiresAt") })
        {
            PostureException? exception;
            try
            {
                exception = await Eventually.Until(
                    () => cluster.Api.GetAsync<PostureException>(ApiResources.PostureExceptions, "team-a", name, ct),
                    e => e?.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready) == true, $"status on PostureException {name}", TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException(e.Message + "\noperator logs:\n" + op.Logs, e);
            }

            var ready = exception!.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
            Assert.Equal(("False", ConditionReasons.InvalidSpec), (ready.Status, ready.Reason));
            Assert.Contains(field, ready.Message, StringComparison.Ordinal);
        }

        // Neither suppressed the privileged pod they name.
        Assert.Equal(0, scan.Status!.Summary!.Suppressed);
        Assert.Contains(scan.Status.TopFindings!, f => f.CheckId == "pod.privileged" && f.Resource.Name == "privileged");
    }

    [Fact]
    public async Task Cluster_objects_of_unexpected_shape_never_crash_a_scan()
    {
        var huge = new string('x', 200_000);
        await using var cluster = await TestCluster.StartAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: strange
              namespace: team-a
              annotations: { huge: "{{huge}}", empty: "" }
            spec:
              futureField: { nested: [1, 2, 3] }
              containers:
                - name: main
                  image: "x"
                  futureContainerField: true
                  securityContext: { privileged: null, capabilities: { add: ["NET_ADMIN", ""] }, seLinuxOptions: {} }
                  env: [ { name: "" } ]
              initContainers: null
              volumes: [ { name: v, hostPath: {} }, { name: w } ]
            status: { phase: Unheard, containerStatuses: [ { name: other } ] }
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: { name: no-containers, namespace: team-a }
            spec: { template: { spec: { containers: [] } } }
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: { name: no-job-template, namespace: team-a }
            spec: { schedule: "* * * * *" }
            ---
            apiVersion: v1
            kind: ReplicationController
            metadata: { name: no-template, namespace: team-a }
            spec: { replicas: 1 }
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: { name: dangling }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: does-not-exist }
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: { name: odd, namespace: team-a }
            rules: [ { verbs: [] }, { apiGroups: [""], resources: ["pods"], verbs: ["*"], resourceNames: [""] } ]
            ---
            apiVersion: v1
            kind: Node
            metadata: { name: bare-node }
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: { name: empty, namespace: team-a }
            spec: {}
            """);
        await using var op = await OperatorInstance.StartAsync(cluster);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster"));
        await cluster.CreateAsync(TestCluster.NewScan("team-a", "tenant"));

        var scan = await cluster.WaitForReadyAsync(Ns, "cluster");
        var tenant = await cluster.WaitForReadyAsync("team-a", "tenant");
        Assert.Contains(scan.Status!.TopFindings!, f => f.CheckId == "pod.privileged" && f.Resource.Name == "privileged");
        Assert.Contains(tenant.Status!.TopFindings!, f => f.CheckId == "pod.privileged" && f.Resource.Name == "privileged");
        Assert.True(scan.Status.LastScan!.ObjectsEvaluated > 0);
        await op.WaitIdleAsync(cluster);
        var metrics = await op.MetricsAsync();
        Assert.Equal(0, metrics.Sum("kubeposture_reconcile_total", ("result", "error")));
        Assert.Equal(0, metrics.Sum("kubeposture_scan_runs_total", ("result", "failed")));
        Assert.DoesNotContain(op.LogLines, l => l.Contains(" Error ", StringComparison.Ordinal) || l.Contains(" Critical ", StringComparison.Ordinal));
    }

    private static PostureException Exception(string name, string justification, DateTime expiresAt) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a" },
        Spec = new PostureExceptionSpec
        {
            Checks = ["pod.privileged"],
            Resources = [new ResourceMatch { Kind = "Pod", Name = "privileged" }],
            Justification = justification,
            ExpiresAt = expiresAt,
        },
    };
}
