using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>
/// Every AWS port for one region and identity (base credentials, or a role assumed from them).
/// Sessions are cached by the factory; their caches outlive a scan so the next scan re-reads only what changed.
/// </summary>
public interface IAwsSession
{
    string Region { get; }

    /// <summary>aws, aws-cn or aws-us-gov.</summary>
    string Partition { get; }

    string? RoleArn { get; }

    IEcrPort Ecr { get; }
    IEksPort Eks { get; }
    IEc2Port Ec2 { get; }
    ISsmPort Ssm { get; }
    IIamPort Iam { get; }
    IEcsPort Ecs { get; }
    IStsPort Sts { get; }
    IKmsPort Kms { get; }
    ILogsPort Logs { get; }
    IGuardDutyPort GuardDuty { get; }
    IInspectorPort Inspector { get; }
    IElbv2Port Elbv2 { get; }
    IWafv2Port Wafv2 { get; }
}

/// <summary>Creates (or returns the cached) session for a region and optional role.</summary>
public interface IAwsSessionFactory
{
    IAwsSession GetSession(AwsSessionRequest request);
}

/// <summary>
/// What a scan asks for: the region (configured, or discovered from node providerIDs), an optional role to assume,
/// and endpoint overrides per service ("ecr", "eks", "ec2", "ssm", "iam", "ecs", "sts", "kms", "logs", "guardduty", "inspector2", "elasticloadbalancing", "wafv2", or "*" for all) for the
/// emulator, VPC endpoints or FIPS endpoints.
/// </summary>
public sealed record AwsSessionRequest(string Region, string? RoleArn = null, IReadOnlyDictionary<string, string>? EndpointOverrides = null);
