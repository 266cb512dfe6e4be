using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace KubePosture.KubeEmulator;

/// <summary>Response bytes per bearer token, counted by wrapping the response body (the scale benchmark's API bytes).</summary>
internal sealed class ResponseTraffic
{
    private readonly ConcurrentDictionary<string, Counter> _byToken = new(StringComparer.Ordinal);

    public long BytesSent(string token) => _byToken.TryGetValue(token, out var counter) ? Interlocked.Read(ref counter.Bytes) : 0;

    public async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
        var counter = _byToken.GetOrAdd(token, _ => new Counter());
        var original = context.Response.Body;
        // Not disposed: the inner stream belongs to the server (the wrapper holds nothing else).
        var counting = new CountingStream(original, counter);
        context.Response.Body = counting;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    internal sealed class Counter
    {
        public long Bytes;
    }

    private sealed class CountingStream(Stream inner, Counter counter) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Add(ref counter.Bytes, count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref counter.Bytes, buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
