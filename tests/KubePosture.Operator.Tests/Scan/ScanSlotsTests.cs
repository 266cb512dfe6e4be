using KubePosture.Operator.Scans;

namespace KubePosture.Operator.Tests.Scan;

public sealed class ScanSlotsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Change_triggered_rescans_run_one_at_a_time_while_a_requested_scan_takes_the_other_slot()
    {
        using var slots = new ScanSlots(maxConcurrentScans: 2);
        var firstChange = await slots.AcquireAsync(changeTriggered: true, Ct);

        var secondChange = slots.AcquireAsync(changeTriggered: true, Ct);
        Assert.False(secondChange.IsCompleted);

        // A requested scan is not held up by the change wave.
        var requested = slots.AcquireAsync(changeTriggered: false, Ct);
        Assert.True(requested.IsCompletedSuccessfully);

        // The next change rescan starts when the first ends, in the slot it frees.
        firstChange.Dispose();
        (await secondChange.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
        (await requested).Dispose();
        Assert.Equal(2, slots.ChangeScansStarted);
    }

    [Fact]
    public async Task At_most_max_concurrent_scans_run_and_a_cancelled_wait_gives_back_the_change_slot()
    {
        using var slots = new ScanSlots(maxConcurrentScans: 1);
        var running = await slots.AcquireAsync(changeTriggered: false, Ct);
        using var cancel = new CancellationTokenSource();

        var waiting = slots.AcquireAsync(changeTriggered: true, cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The cancelled wait held the change slot while it waited for a scan slot: released, another change rescan runs.
        running.Dispose();
        var next = slots.AcquireAsync(changeTriggered: true, Ct);
        (await next.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
    }

    [Fact]
    public void At_least_one_slot()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScanSlots(0));
    }
}
