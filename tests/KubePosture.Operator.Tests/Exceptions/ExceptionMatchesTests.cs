using k8s.Models;
using KubePosture.Api;
using KubePosture.Checks.Inventory;
using KubePosture.Operator.Exceptions;
using KubePosture.Runtime.Client;

namespace KubePosture.Operator.Tests.Exceptions;

public class ExceptionMatchesTests
{
    private const string Control = "kubeposture";
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-06-01T00:00:00Z");
    private static readonly ObjectKey Wide = new(Control, "everything");
    private static readonly ObjectKey Narrow = new(Control, "team-a-only");
    private static readonly ObjectKey Tenant = new("team-a", "tenant");

    [Fact]
    public void Matched_findings_are_the_sum_over_the_scans_that_apply_the_exception_whichever_ran_last()
    {
        var matches = new ExceptionMatches(Control);
        var exception = Exception(Control, "privileged", T0.AddDays(30));
        var key = ObjectKey.Of(exception);

        Assert.Null(matches.Total(key));
        matches.Record(Wide, [exception], Counts(key, 2), T0);
        matches.Record(Narrow, [exception], Counts(key, 1), T0.AddMinutes(1));
        Assert.Equal(new ExceptionMatchTotal(3, T0.AddMinutes(1)), matches.Total(key));
        matches.Record(Wide, [exception], Counts(key, 2), T0.AddMinutes(2));
        Assert.Equal(new ExceptionMatchTotal(3, T0.AddMinutes(2)), matches.Total(key));

        matches.Forget(Wide);
        Assert.Equal(new ExceptionMatchTotal(1, T0.AddMinutes(1)), matches.Total(key));
    }

    [Fact]
    public void A_tenant_scan_counts_only_for_its_own_and_the_control_namespaces_exceptions()
    {
        var matches = new ExceptionMatches(Control);
        var own = Exception("team-a", "own", T0.AddDays(30));
        var other = Exception("team-b", "other", T0.AddDays(30));
        var changed = new List<ObjectKey>();
        matches.ExceptionChanged += changed.Add;

        matches.Record(Tenant, [own, other], new Dictionary<string, int> { ["team-a/own"] = 0, ["team-b/other"] = 0 }, T0);

        Assert.Equal(new ExceptionMatchTotal(0, null), matches.Total(ObjectKey.Of(own)));
        Assert.Null(matches.Total(ObjectKey.Of(other)));
        Assert.Equal([ObjectKey.Of(own)], changed);

        // The same zero again changes nothing; a match changes the count and the last match time.
        changed.Clear();
        matches.Record(Tenant, [own, other], new Dictionary<string, int>(), T0.AddMinutes(1));
        Assert.Empty(changed);
        matches.Record(Tenant, [own, other], new Dictionary<string, int> { ["team-a/own"] = 4 }, T0.AddMinutes(2));
        Assert.Equal([ObjectKey.Of(own)], changed);
    }

    [Fact]
    public void The_effect_on_a_scan_changes_with_spec_expiry_deletion_and_write_problems_but_not_with_status()
    {
        var matches = new ExceptionMatches(Control);
        var exception = Exception("team-a", "own", T0.AddHours(1));
        var before = matches.EffectOn("team-a", [exception], T0);

        exception.Status = new PostureExceptionStatus { MatchedFindings = 7 };
        exception.Metadata.ResourceVersion = "99";
        Assert.Equal(before, matches.EffectOn("team-a", [exception], T0));
        Assert.Equal(before, matches.EffectOn("team-a", [exception, Exception("team-b", "elsewhere", T0.AddHours(1))], T0));

        Assert.NotEqual(before, matches.EffectOn("team-a", [exception], T0.AddHours(1)));
        Assert.NotEqual(before, matches.EffectOn("team-a", [], T0));
        exception.Metadata.Generation = 2;
        Assert.NotEqual(before, matches.EffectOn("team-a", [exception], T0));
        exception.Metadata.Generation = 1;
        Assert.True(matches.SetWriteProblem(ObjectKey.Of(exception), Forbidden));
        Assert.False(matches.SetWriteProblem(ObjectKey.Of(exception), Forbidden));
        Assert.NotEqual(before, matches.EffectOn("team-a", [exception], T0));
        Assert.Equal(Forbidden, matches.WriteProblemFor("team-a"));
        Assert.Equal(Forbidden, matches.WriteProblemFor(Control));
        Assert.Null(matches.WriteProblemFor("team-b"));
        Assert.True(matches.SetWriteProblem(ObjectKey.Of(exception), null));
        Assert.Equal(before, matches.EffectOn("team-a", [exception], T0));
    }

    private static readonly SourceProblem Forbidden = SourceProblem.Forbidden("no update of postureexceptions/status");

    private static Dictionary<string, int> Counts(ObjectKey key, int count) => new() { [key.ToString()] = count };

    private static PostureException Exception(string @namespace, string name, DateTimeOffset expiresAt) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Generation = 1, ResourceVersion = "1" },
        Spec = new PostureExceptionSpec { Checks = ["pod.privileged"], Justification = "accepted for the test", ExpiresAt = expiresAt.UtcDateTime },
    };
}
