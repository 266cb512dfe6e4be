namespace KubePosture.EndToEnd.Tests.Support;

/// <summary>
/// Waits for a condition on observable state (the API server, the metrics endpoint) with a deadline. Polling a
/// condition is the synchronisation; a failure names what was awaited and the last value seen.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var ct = TestContext.Current.CancellationToken;
        T last;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await read();
                if (done(last))
                    return last;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                last = default!;
                lastError = e;
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited {limit.TotalSeconds}s for {what}; last value: {Describe(last)}{(lastError is null ? "" : $"; last error: {lastError.Message}")}");
            await Task.Delay(25, ct);
        }
    }

    public static Task Until(Func<bool> done, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(done()), d => d, what, timeout);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        k8s.IKubernetesObject o => k8s.KubernetesJson.Serialize(o),
        _ => value.ToString() ?? "",
    };
}
