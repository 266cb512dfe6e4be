using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;

namespace KubePosture.EndToEnd.Tests;

/// <summary>Issue 3 acceptance: a PostureScan in a tenant namespace asking for cluster scope gets ScopeRestricted and sees only its namespace.</summary>
public sealed class TenancyTests
{
    [Fact]
    public async Task Tenant_scan_asking_for_cluster_scope_is_ScopeRestricted_and_sees_only_its_namespace()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        await cluster.CreateAsync(TestCluster.NewScan("team-a", "greedy", s => s.Scope = new ScanScope { IncludeNamespaces = ["team-a", "team-b"], ClusterResources = true }));
        await cluster.CreateAsync(TestCluster.NewScan("team-a", "modest"));

        var greedy = await cluster.WaitForReadyAsync("team-a", "greedy", ConditionReasons.ScopeRestricted);
        var ready = TestCluster.Condition(greedy, ConditionTypes.Ready)!;
        Assert.Equal("False", ready.Status);
        Assert.Contains("spec.scope.includeNamespaces[1]", ready.Message, StringComparison.Ordinal);
        Assert.Contains("spec.scope.clusterResources", ready.Message, StringComparison.Ordinal);
        Assert.Contains("assessed only namespace team-a", ready.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("spec.scope.includeNamespaces[0]", ready.Message, StringComparison.Ordinal);
        AssertOnlyTeamA(greedy);

        var events = await Eventually.Until(() => cluster.EventsAsync("team-a", "greedy"), e => e.Any(x => x.Reason == ConditionReasons.ScopeRestricted), "a ScopeRestricted event");
        Assert.Equal("Warning", events.Single(e => e.Reason == ConditionReasons.ScopeRestricted).Type);

        // Asking for nothing more than its namespace is an ordinary completed scan, with the same view.
        var modest = await cluster.WaitForReadyAsync("team-a", "modest");
        Assert.Equal("True", TestCluster.Condition(modest, ConditionTypes.Ready)!.Status);
        AssertOnlyTeamA(modest);
        Assert.Equal(greedy.Status!.Summary!.Critical, modest.Status!.Summary!.Critical);
    }

    private static void AssertOnlyTeamA(PostureScan scan)
    {
        var top = scan.Status!.TopFindings!;
        Assert.Contains(top, f => f.CheckId == "pod.privileged" && f.Resource.Name == "privileged");
        Assert.All(top, f => Assert.Equal("team-a", f.Resource.Namespace));
        Assert.DoesNotContain(top, f => f.CheckId.StartsWith("rbac.cluster-admin", StringComparison.Ordinal));
        Assert.DoesNotContain(top, f => f.Resource.Kind is "ClusterRoleBinding" or "Node" or "ControlPlane");
    }
}
