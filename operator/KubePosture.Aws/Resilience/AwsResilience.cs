using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KubePosture.Aws.Resilience;

/// <summary>
/// Per-service limits shared by every session of the process (quotas are per account and region, and the operator
/// usually works in one): a token bucket for the request rate and a concurrency cap; plus the retry and timeout
/// pipeline for each attempt. Retries: throttling, 5xx, timeouts and network errors, exponential backoff with jitter.
/// AccessDenied, other 4xx and malformed answers are not retried.
/// </summary>
public sealed class AwsResilience : IDisposable
{
    private readonly AwsOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ServiceLimiter> _limiters = new();
    private readonly ResiliencePipeline _pipeline;

    public AwsResilience(AwsOptions options, TimeProvider time, Action<RetryReason>? onRetry = null)
    {
        _options = options;
        _time = time;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(new RetryReason(args.AttemptNumber, args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    /// <summary>Runs one logical call: each attempt waits for a rate token and a concurrency slot of the service.</summary>
    public async Task<T> ExecuteAsync<T>(string service, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var limiter = _limiters.GetOrAdd(service, s => new ServiceLimiter(_options.LimitsFor(s), _time));
        return await _pipeline.ExecuteAsync(async ct =>
        {
            using var rate = await limiter.Rate.AcquireAsync(1, ct);
            using var slot = await limiter.Concurrency.AcquireAsync(1, ct);
            return await attempt(ct);
        }, cancellationToken);
    }

    private static bool IsRetryable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AwsAccessDeniedException => false,
        AwsServiceException s => s.IsRetryable,
        AwsMalformedResponseException => false,
        TimeoutRejectedException => true,
        HttpRequestException => true,
        OperationCanceledException => false,
        IOException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values) limiter.Dispose();
    }

    public readonly record struct RetryReason(int Attempt, Exception? Exception);

    private sealed class ServiceLimiter(AwsServiceLimits limits, TimeProvider time) : IDisposable
    {
        public RateLimiter Rate { get; } = CreateBucket(limits, time);

        public ConcurrencyLimiter Concurrency { get; } = new(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxConcurrency,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        private static TokenBucketRateLimiter CreateBucket(AwsServiceLimits limits, TimeProvider time)
        {
            _ = time; // TokenBucketRateLimiter replenishes on its own timer; the period below is what bounds the rate.
            var period = TimeSpan.FromSeconds(Math.Max(1.0 / limits.RequestsPerSecond, 0.01));
            var perPeriod = Math.Max(1, (int)Math.Round(limits.RequestsPerSecond * period.TotalSeconds));
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                AutoReplenishment = true,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        public void Dispose()
        {
            Rate.Dispose();
            Concurrency.Dispose();
        }
    }
}
