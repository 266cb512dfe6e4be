using KubePosture.Operator.Scans;

namespace KubePosture.Operator.Tests.Scan;

public sealed class ScanMemoryTests
{
    [Fact]
    public void A_scan_that_allocated_past_the_threshold_is_followed_by_a_collection_and_a_small_one_is_not()
    {
        long allocated = 1_000;
        var collected = 0;
        var memory = new ScanMemory(thresholdBytes: 64, collect: () => collected++, allocated: () => allocated);

        var mark = memory.Mark();
        allocated += 63;
        Assert.False(memory.AfterScan(mark));
        Assert.Equal(0, collected);

        mark = memory.Mark();
        allocated += 64;
        Assert.True(memory.AfterScan(mark));
        Assert.Equal(1, collected);
        Assert.Equal(1, memory.Collections);
    }

    [Fact]
    public void By_default_it_reads_the_process_allocation_counter()
    {
        var memory = new ScanMemory(thresholdBytes: long.MaxValue, collect: () => throw new InvalidOperationException("no collection below the threshold"));
        var mark = memory.Mark();
        var garbage = new byte[1024 * 1024];
        Assert.True(memory.Mark() - mark >= garbage.Length);
        Assert.False(memory.AfterScan(mark));
    }

    [Fact]
    public void The_threshold_is_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScanMemory(0));
    }
}
