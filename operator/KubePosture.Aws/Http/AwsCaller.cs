using System.Diagnostics;
using System.Net.Http.Headers;
using Amazon.Runtime;
using KubePosture.Aws.Ports;
using KubePosture.Aws.Resilience;
using KubePosture.Aws.Signing;
using KubePosture.Aws.Telemetry;
using KubePosture.Checks.Aws;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace KubePosture.Aws.Http;

/// <summary>A raw AWS answer with a 2xx status.</summary>
internal sealed record AwsHttpResponse(int StatusCode, HttpResponseHeaders Headers, byte[] Body);

/// <summary>
/// Sends every AWS call of a session: resolves the endpoint and signing scope, signs each attempt with fresh
/// credentials, runs it through the service's rate limit, concurrency cap, retry and timeout, records metrics, and
/// turns error answers into typed exceptions (AccessDenied carries the IAM action).
/// </summary>
internal sealed partial class AwsCaller(
    AwsEndpoints endpoints,
    Func<CancellationToken, Task<ImmutableCredentials>> credentials,
    HttpClient http,
    AwsResilience resilience,
    AwsMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    public AwsEndpoints Endpoints { get; } = endpoints;

    public Task<AwsHttpResponse> SendAsync(AwsOperation operation, AwsProtocol protocol, AwsHttpRequestSpec spec, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(operation.Service, ct => AttemptAsync(operation, protocol, spec, ct), cancellationToken);

    /// <summary>Runs an official SDK client call under the same limits, retries and metrics (the SDK's own retries are off).</summary>
    public Task<T> RunSdkAsync<T>(AwsOperation operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(operation.Service, ct => RunSdkAttemptAsync(operation, call, ct), cancellationToken);

    /// <summary>
    /// One SDK call with metrics and error mapping but outside the limits and retries: credential refreshes (AssumeRole)
    /// happen inside another call's attempt, which already holds a slot and retries as a whole.
    /// </summary>
    public async Task<T> RunSdkAttemptAsync<T>(AwsOperation operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var result = await call(cancellationToken);
            metrics.RecordRequest(operation, AwsOutcomes.Success, time.GetElapsedTime(started));
            return result;
        }
        catch (AmazonServiceException e) when (e is not AmazonUnmarshallingException && e.StatusCode != 0 && !string.IsNullOrEmpty(e.ErrorCode))
        {
            throw Fail(operation, (int)e.StatusCode, e.ErrorCode, e.Message, started);
        }
        catch (AmazonServiceException e) when ((int)e.StatusCode >= 500)
        {
            // A 5xx whose body is no AWS error document (an HTML 502/503 from a proxy or load balancer): a server error
            // like any other, retried, as the thin clients' parser does with its HTTP<status> fallback code.
            throw Fail(operation, (int)e.StatusCode, $"HTTP{(int)e.StatusCode}", e.Message, started);
        }
        catch (AmazonUnmarshallingException e)
        {
            metrics.RecordRequest(operation, AwsOutcomes.Malformed, time.GetElapsedTime(started));
            throw new AwsMalformedResponseException(operation.Service, operation.Name, e.LastKnownLocation ?? "response", e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e) when (e is not AwsAccessException)
        {
            metrics.RecordRequest(operation, Classify(e, cancellationToken), time.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<AwsHttpResponse> AttemptAsync(AwsOperation operation, AwsProtocol protocol, AwsHttpRequestSpec spec, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var endpoint = Endpoints.For(operation.Service);
            var creds = await credentials(cancellationToken);
            using var request = AwsSigner.CreateSignedRequest(spec, endpoint.Url, operation.Service, endpoint.SigningRegion, creds, time.GetUtcNow().UtcDateTime);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                metrics.RecordRequest(operation, AwsOutcomes.Success, time.GetElapsedTime(started));
                return new AwsHttpResponse(status, response.Headers, body);
            }
            var (code, message) = AwsErrorParser.Parse(protocol, status, response.Headers, body);
            throw Fail(operation, status, code, message, started);
        }
        catch (Exception e) when (e is not AwsAccessException)
        {
            metrics.RecordRequest(operation, Classify(e, cancellationToken), time.GetElapsedTime(started));
            throw;
        }
    }

    private AwsAccessException Fail(AwsOperation operation, int status, string code, string message, long started)
    {
        AwsAccessException error;
        string outcome;
        if (AwsErrorParser.IsAccessDenied(code))
        {
            error = new AwsAccessDeniedException(operation.Service, operation.Name, operation.IamAction, code, message);
            outcome = AwsOutcomes.AccessDenied;
            LogAccessDenied(logger, operation.IamAction, code);
        }
        else
        {
            var serviceError = new AwsServiceException(operation.Service, operation.Name, status, code, message);
            error = serviceError;
            outcome = serviceError.IsThrottling ? AwsOutcomes.Throttled
                : status >= 500 ? AwsOutcomes.ServerError
                : AwsErrorParser.IsNotFound(code) ? AwsOutcomes.NotFound
                : AwsOutcomes.ClientError;
            if (serviceError.IsRetryable) LogRetryableError(logger, operation.Service, operation.Name, status, code);
        }
        metrics.RecordRequest(operation, outcome, time.GetElapsedTime(started));
        return error;
    }

    private static string Classify(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when !cancellationToken.IsCancellationRequested => AwsOutcomes.Timeout,
        TimeoutRejectedException => AwsOutcomes.Timeout,
        AwsMalformedResponseException => AwsOutcomes.Malformed,
        _ => AwsOutcomes.NetworkError,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS denied {Action} ({Code}); grant it to the operator's role")]
    private static partial void LogAccessDenied(ILogger logger, string action, string code);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AWS {Service} {Operation} answered {Status} {Code}; retrying")]
    private static partial void LogRetryableError(ILogger logger, string service, string operation, int status, string code);
}
