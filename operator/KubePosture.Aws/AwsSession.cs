using KubePosture.Aws.Ports;
using KubePosture.Aws.SecurityHub;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws;

/// <summary>The ports of one region and identity, sharing that identity's credentials and caches.</summary>
internal sealed class AwsSession(
    string region, string? roleArn, IEcrPort ecr, IEksPort eks, IEc2Port ec2, ISsmPort ssm, IIamPort iam, IEcsPort ecs, IStsPort sts, IKmsPort kms, ILogsPort logs, IGuardDutyPort guardDuty, IInspectorPort inspector,
    IElbv2Port elbv2, IWafv2Port wafv2, IDisposable resources)
    : IAwsSession, IDisposable
{
    public string Region { get; } = region;
    public string Partition { get; } = AwsPartitions.ForRegion(region);
    public string? RoleArn { get; } = roleArn;
    public IEcrPort Ecr { get; } = ecr;
    public IEksPort Eks { get; } = eks;
    public IEc2Port Ec2 { get; } = ec2;
    public ISsmPort Ssm { get; } = ssm;
    public IIamPort Iam { get; } = iam;
    public IEcsPort Ecs { get; } = ecs;
    public IStsPort Sts { get; } = sts;
    public IKmsPort Kms { get; } = kms;
    public ILogsPort Logs { get; } = logs;
    public IGuardDutyPort GuardDuty { get; } = guardDuty;
    public IInspectorPort Inspector { get; } = inspector;
    public IElbv2Port Elbv2 { get; } = elbv2;
    public IWafv2Port Wafv2 { get; } = wafv2;

    /// <summary>The export's Security Hub client (not a check port: checks never write).</summary>
    public required ISecurityHubPort SecurityHub { get; init; }

    public void Dispose() => resources.Dispose();
}
