using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Amazon CloudWatch Logs, read-only.</summary>
public interface ILogsPort
{
    /// <summary>The log group of exactly this name (DescribeLogGroups by name prefix, all pages), or null when absent.</summary>
    Task<LogGroup?> DescribeLogGroupAsync(string name, CancellationToken cancellationToken);
}
