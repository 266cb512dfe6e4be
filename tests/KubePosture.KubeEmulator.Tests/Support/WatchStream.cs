using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace KubePosture.KubeEmulator.Tests.Support;

/// <summary>A raw watch stream: each line is one event, read as it arrives; Ended completes when the server closes it.</summary>
public sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _pump;
    private readonly CancellationTokenSource _cts = new();

    private WatchStream(HttpResponseMessage response)
    {
        _response = response;
        _pump = Task.Run(PumpAsync);
    }

    public int StatusCode => (int)_response.StatusCode;

    public Task Ended => _pump;

    public static async Task<WatchStream> OpenAsync(RawClient client, string pathAndQuery, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        return new WatchStream(response);
    }

    private async Task PumpAsync()
    {
        try
        {
            using var stream = await _response.Content.ReadAsStreamAsync(_cts.Token);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(_cts.Token) is { } line)
            {
                if (line.Length > 0) _events.Writer.TryWrite(JsonNode.Parse(line)!.AsObject());
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // The server dropped the connection (fault injection, restart) or the test is done.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    /// <summary>The next event; fails after <paramref name="timeout"/> (a failure bound only).</summary>
    public async Task<JsonObject> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Waits for the stream to end and returns the events that were still unread.</summary>
    public async Task<List<JsonObject>> RemainingAfterEndAsync(TimeSpan? timeout = null)
    {
        await _pump.WaitAsync(timeout ?? TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var rest = new List<JsonObject>();
        while (_events.Reader.TryRead(out var e)) rest.Add(e);
        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _response.Dispose();
        try { await _pump; } catch (OperationCanceledException) { }
        _cts.Dispose();
    }
}
