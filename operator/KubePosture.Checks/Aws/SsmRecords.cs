namespace KubePosture.Checks.Aws;

/// <summary>An SSM parameter (GetParameter), e.g. the recommended EKS AMI release version.</summary>
public sealed record SsmParameter(string Name, string Type, string Value, long Version, DateTimeOffset? LastModified);

/// <summary>Patch compliance of one managed instance (DescribeInstancePatchStates).</summary>
public sealed record SsmPatchState(
    string InstanceId,
    string? PatchGroup,
    string? BaselineId,
    int CriticalNonCompliantCount,
    int SecurityNonCompliantCount,
    int OtherNonCompliantCount,
    int MissingCount,
    int FailedCount,
    int InstalledCount,
    int InstalledPendingRebootCount,
    string? Operation,
    DateTimeOffset? OperationStartTime,
    DateTimeOffset? OperationEndTime);

/// <summary>SSM agent registration of one instance (DescribeInstanceInformation).</summary>
public sealed record SsmInstanceInformation(
    string InstanceId,
    string? PingStatus,
    DateTimeOffset? LastPingDateTime,
    string? AgentVersion,
    bool? IsLatestVersion,
    string? PlatformType,
    string? PlatformName,
    string? PlatformVersion);
