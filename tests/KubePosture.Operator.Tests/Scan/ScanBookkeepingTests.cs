using k8s.Models;
using KubePosture.Api;
using KubePosture.Operator.Scans;
using KubePosture.Runtime.Client;

namespace KubePosture.Operator.Tests.Scan;

/// <summary>The scan decision (due now, due at t, not due) as a pure function, without an API server.</summary>
public sealed class ScanBookkeepingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChangeRescanPolicy Policy = ChangeRescanPolicy.Default;
    private static readonly ObjectKey Key = new("kubeposture", "cluster");

    private static CompletedScan Done(long generation = 1, string? rescan = null, DateTimeOffset? next = null, long inventory = 7, DateTimeOffset? at = null) =>
        new(generation, rescan, next ?? Now.AddHours(6), inventory, at ?? Now.AddMinutes(-1), TimeSpan.FromSeconds(2));

    private static ScanState State(CompletedScan? done, ChangeScan? lastChange = null) => new(done, lastChange, null);

    [Fact]
    public void Nothing_scanned_yet_is_due_now()
    {
        Assert.Equal(ScanDecision.Now(changeTriggered: false), ScanBookkeeping.Decide(null, new ScanInputs(1, null, 7), Policy, Now));
        Assert.Equal(ScanDecision.Now(changeTriggered: false), ScanBookkeeping.Decide(State(null), new ScanInputs(1, null, 7), Policy, Now));
    }

    [Fact]
    public void The_same_generation_rescan_value_and_inventory_is_due_at_the_next_scheduled_time()
    {
        var decision = ScanBookkeeping.Decide(State(Done()), new ScanInputs(1, null, 7), Policy, Now);
        Assert.Equal(ScanDecision.At(Now.AddHours(6)), decision);
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(1, "again")]
    public void A_new_generation_or_rescan_value_is_due_now(long generation, string? rescan) =>
        Assert.Equal(ScanDecision.Now(changeTriggered: false), ScanBookkeeping.Decide(State(Done()), new ScanInputs(generation, rescan, 7), Policy, Now));

    [Fact]
    public void A_change_of_the_exceptions_it_applies_is_due_now_even_with_change_rescans_off()
    {
        var done = Done() with { Exceptions = "effect-1" };

        Assert.Equal(ScanDecision.At(Now.AddHours(6)), ScanBookkeeping.Decide(State(done), new ScanInputs(1, null, 7, "effect-1"), Policy with { Enabled = false }, Now));
        Assert.Equal(ScanDecision.Now(changeTriggered: false), ScanBookkeeping.Decide(State(done), new ScanInputs(1, null, 7, "effect-2"), Policy with { Enabled = false }, Now));
    }

    [Fact]
    public void A_scheduled_time_reached_is_due_now_and_no_schedule_is_never_due()
    {
        Assert.Equal(ScanDecision.Now(false), ScanBookkeeping.Decide(State(Done(next: Now)), new ScanInputs(1, null, 7), Policy, Now));
        Assert.Equal(ScanDecision.NotDue, ScanBookkeeping.Decide(State(Done(next: DateTimeOffset.MaxValue)), new ScanInputs(1, null, 7), Policy, Now));
    }

    [Fact]
    public void A_cluster_change_is_due_now_unless_the_last_change_scan_was_within_the_minimum_interval()
    {
        Assert.Equal(ScanDecision.Now(changeTriggered: true), ScanBookkeeping.Decide(State(Done()), new ScanInputs(1, null, 8), Policy, Now));

        var recent = new ChangeScan(Now.AddSeconds(-3), TimeSpan.FromSeconds(1));
        Assert.Equal(ScanDecision.At(Now.AddSeconds(7)), ScanBookkeeping.Decide(State(Done(), recent), new ScanInputs(1, null, 8), Policy, Now));
        Assert.Equal(ScanDecision.At(Now.AddHours(6)), ScanBookkeeping.Decide(State(Done()), new ScanInputs(1, null, 8), Policy with { Enabled = false }, Now));
    }

    [Fact]
    public void Deciding_changes_nothing_and_the_bookkeeping_changes_only_through_its_methods()
    {
        var book = new ScanBookkeeping();
        Assert.Null(book.Get(Key));
        book.Completed(Key, Done(), changeTriggered: true);
        var before = book.Get(Key);
        _ = ScanBookkeeping.Decide(before, new ScanInputs(1, null, 8), Policy, Now);
        Assert.Same(before, book.Get(Key));
        Assert.Equal(7, book.InventoryVersionScanned(Key));

        book.Invalidate(Key);
        Assert.Null(book.Get(Key)!.Completed);
        Assert.NotNull(book.Get(Key)!.LastChangeScan);
        book.Forget(Key);
        Assert.Null(book.Get(Key));
    }

    [Fact]
    public void The_same_failure_is_reported_once_per_interval_and_a_different_one_at_once()
    {
        var book = new ScanBookkeeping();
        Assert.True(book.Failed(Key, "scan failed: boom", Now));
        Assert.False(book.Failed(Key, "scan failed: boom", Now.AddMinutes(1)));
        Assert.True(book.Failed(Key, "scan failed: other", Now.AddMinutes(2)));
        Assert.True(book.Failed(Key, "scan failed: other", Now.AddMinutes(2) + ScanBookkeeping.FailureEventInterval));
    }

    [Fact]
    public void A_completed_status_of_this_generation_from_an_earlier_process_is_trusted()
    {
        var scan = ScanWithStatus(scanning: false);
        var adopted = ScanBookkeeping.FromStatus(scan, new ScanInputs(3, "r1", 9), Now);
        Assert.NotNull(adopted);
        Assert.Equal(Now.AddHours(5), adopted.Next);
        Assert.Equal(9, adopted.InventoryVersion);
        Assert.Null(ScanBookkeeping.FromStatus(scan, new ScanInputs(4, "r1", 9), Now));
        Assert.Null(ScanBookkeeping.FromStatus(scan, new ScanInputs(3, "r2", 9), Now));
    }

    [Fact]
    public void A_status_left_Scanning_True_by_a_killed_process_is_not_trusted_so_the_scan_runs()
    {
        // Issue 15 point 8: after SIGKILL mid-scan the status looked current and the scan was not due.
        Assert.Null(ScanBookkeeping.FromStatus(ScanWithStatus(scanning: true), new ScanInputs(3, "r1", 9), Now));
    }

    [Fact]
    public void A_rescan_value_longer_than_the_status_field_is_kept_as_a_bounded_token_that_still_matches()
    {
        // Issue 15 point 9: a 1,500-character rescan value was copied into a status field capped at 1,024.
        var value = new string('r', 1500);
        var token = ScanBookkeeping.RescanToken(value)!;
        Assert.InRange(token.Length, 1, BoundedText.MaxStatusField);
        Assert.Equal(token, ScanBookkeeping.RescanToken(value));
        Assert.NotEqual(token, ScanBookkeeping.RescanToken(value[..1499] + "s"));
        var scan = ScanWithStatus(scanning: false, handled: token);
        Assert.NotNull(ScanBookkeeping.FromStatus(scan, new ScanInputs(3, value, 9), Now));
    }

    private static PostureScan ScanWithStatus(bool scanning, string handled = "r1") => new()
    {
        Metadata = new V1ObjectMeta { Name = "cluster", NamespaceProperty = "kubeposture", Generation = 3 },
        Spec = new PostureScanSpec(),
        Status = new PostureScanStatus
        {
            ObservedGeneration = 3,
            LastHandledRescan = handled,
            LastScan = new LastScanStatus { CompletionTime = Now.AddHours(-1).UtcDateTime },
            NextScanTime = Now.AddHours(5).UtcDateTime,
            Conditions =
            [
                new V1Condition { Type = ConditionTypes.Ready, Status = "True", Reason = ConditionReasons.ScanCompleted, ObservedGeneration = 3 },
                new V1Condition { Type = ConditionTypes.Scanning, Status = scanning ? "True" : "False", Reason = scanning ? ConditionReasons.ScanInProgress : ConditionReasons.Idle, ObservedGeneration = 3 },
            ],
        },
    };
}
