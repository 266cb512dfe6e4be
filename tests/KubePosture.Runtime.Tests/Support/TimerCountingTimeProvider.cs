using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Runtime.Tests.Support;

/// <summary>
/// A fake clock that counts the timers created on it, so a test can wait until the code under test has
/// armed its delay before advancing time. Advancing first would create the timer after the jump and it
/// would never fire: the classic fake-clock race.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _created;

    public int TimersCreated => Volatile.Read(ref _created);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _created);
        return timer;
    }
}
