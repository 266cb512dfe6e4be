using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Base of every AWS access failure the ports raise: names service and operation.</summary>
public class AwsAccessException(string service, string operation, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Service { get; } = service;
    public string Operation { get; } = operation;
}

/// <summary>
/// The credentials lack a permission. Action is the IAM action that was denied (for example
/// <c>ecr:DescribeImageScanFindings</c>) so the scan can say exactly which permission to grant. Never retried.
/// </summary>
public sealed class AwsAccessDeniedException(string service, string operation, string action, string errorCode, string awsMessage)
    : AwsAccessException(service, operation,
        $"{action} was denied ({errorCode}: {awsMessage}); grant {action} to the operator's IAM role (deploy/iam-policy.json)")
{
    public string Action { get; } = action;
    public string ErrorCode { get; } = errorCode;
}

/// <summary>AWS answered with an error (after retries where the error is retryable).</summary>
public sealed class AwsServiceException(string service, string operation, int statusCode, string errorCode, string awsMessage)
    : AwsAccessException(service, operation, $"{service} {operation} failed with HTTP {statusCode} {errorCode}: {awsMessage}")
{
    public int StatusCode { get; } = statusCode;
    public string ErrorCode { get; } = errorCode;
    public string AwsMessage { get; } = awsMessage;

    public bool IsThrottling => ErrorCode is "ThrottlingException" or "Throttling" or "ThrottledException" or "RequestLimitExceeded"
        or "TooManyRequestsException" or "RequestThrottled" or "RequestThrottledException" or "SlowDown" or "ProvisionedThroughputExceededException"
        || StatusCode == 429;

    public bool IsRetryable => IsThrottling || StatusCode >= 500 || ErrorCode is "RequestTimeout" or "RequestTimeoutException" or "InternalFailure" or "ServiceUnavailable";
}

/// <summary>AWS answered something that does not follow the service's wire shape; Field names where.</summary>
public sealed class AwsMalformedResponseException(string service, string operation, string field, string problem)
    : AwsAccessException(service, operation, $"{service} {operation} returned a malformed response: {field}: {problem}")
{
    public string Field { get; } = field;
}
