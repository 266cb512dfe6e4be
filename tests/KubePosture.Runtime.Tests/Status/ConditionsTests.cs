using k8s.Models;
using KubePosture.Runtime.Status;

namespace KubePosture.Runtime.Tests.Status;

public class ConditionsTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void New_condition_is_added_with_now_as_transition_time()
    {
        var list = new List<V1Condition>();

        Assert.True(Conditions.Set(list, "Ready", true, "ScanCompleted", "done", 3, T0));

        var c = Assert.Single(list);
        Assert.Equal(("Ready", "True", "ScanCompleted", "done", 3L), (c.Type, c.Status, c.Reason, c.Message, c.ObservedGeneration!.Value));
        Assert.Equal(T0.UtcDateTime, c.LastTransitionTime);
    }

    [Fact]
    public void Same_values_report_no_change_and_keep_the_transition_time()
    {
        var list = new List<V1Condition>();
        Conditions.Set(list, "Ready", true, "ScanCompleted", "done", 3, T0);

        Assert.False(Conditions.Set(list, "Ready", true, "ScanCompleted", "done", 3, T1));
        Assert.Equal(T0.UtcDateTime, list[0].LastTransitionTime);
    }

    [Fact]
    public void Reason_message_or_generation_change_is_a_change_but_does_not_move_the_transition_time()
    {
        var list = new List<V1Condition>();
        Conditions.Set(list, "Ready", true, "ScanCompleted", "done", 3, T0);

        Assert.True(Conditions.Set(list, "Ready", true, "ScanCompleted", "done again", 4, T1));
        Assert.Equal(T0.UtcDateTime, list[0].LastTransitionTime);
        Assert.Equal(4, list[0].ObservedGeneration);
    }

    [Fact]
    public void Status_flip_moves_the_transition_time()
    {
        var list = new List<V1Condition>();
        Conditions.Set(list, "Ready", true, "ScanCompleted", "done", 3, T0);

        Assert.True(Conditions.Set(list, "Ready", false, "InvalidSpec", "spec.schedule \"x\": expected 5 cron fields", 4, T1));

        Assert.Equal(T1.UtcDateTime, list[0].LastTransitionTime);
        Assert.True(Conditions.IsFalse(list, "Ready"));
        Assert.Single(list);
    }

    [Fact]
    public void Conditions_are_keyed_by_type_and_removable()
    {
        var list = new List<V1Condition>();
        Conditions.Set(list, "Ready", true, "A", "a", 1, T0);
        Conditions.Set(list, "Scanning", true, "B", "b", 1, T0);

        Assert.Equal(2, list.Count);
        Assert.True(Conditions.Remove(list, "Scanning"));
        Assert.False(Conditions.Remove(list, "Scanning"));
        Assert.True(Conditions.IsTrue(list, "Ready"));
        Assert.Null(Conditions.Find(list, "Scanning"));
    }
}
