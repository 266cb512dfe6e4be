namespace KubePosture.Checks.Aws;

/// <summary>Who the session is (STS GetCallerIdentity).</summary>
public sealed record AwsCallerIdentity(string Account, string Arn, string UserId);
