namespace KubePosture.Checks.Aws;

/// <summary>A CloudWatch Logs log group (DescribeLogGroups): RetentionInDays null means never expire.</summary>
public sealed record LogGroup(string Name, string? Arn, int? RetentionInDays, string? KmsKeyId, long? StoredBytes);
