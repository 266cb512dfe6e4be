using System.ComponentModel.DataAnnotations;

namespace KubePosture.Aws;

/// <summary>Configuration of the AWS access layer (section "Aws").</summary>
public sealed class AwsOptions
{
    public const string SectionName = "Aws";

    /// <summary>Default region; when empty the operator discovers it from node providerIDs.</summary>
    public string? Region { get; set; }

    /// <summary>Default EKS cluster name for scans that name none (spec.aws.clusterName wins); when empty the operator
    /// discovers it from node labels and EC2 tags, and reports an error when that is ambiguous.</summary>
    public string? ClusterName { get; set; }

    /// <summary>Endpoint override per service (ecr, eks, ec2, ssm, iam, ecs, sts, securityhub, kms, logs, guardduty, inspector2, elasticloadbalancing, wafv2) or "*" for all: emulator, VPC endpoints, FIPS.</summary>
    public Dictionary<string, string> Endpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Attempts after the first on throttling, 5xx and timeouts. AccessDenied is never retried.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Base delay of the jittered exponential backoff.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-service limits. Defaults stay well under the published quotas (ECR DescribeImageScanFindings: 10 TPS, IAM: 20 TPS account-wide).</summary>
    public Dictionary<string, AwsServiceLimits> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ecr"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 4 },
        ["iam"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 2 },
        ["eks"] = new() { RequestsPerSecond = 10, Burst = 20, MaxConcurrency = 4 },
        ["ec2"] = new() { RequestsPerSecond = 10, Burst = 20, MaxConcurrency = 4 },
        ["ssm"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 2 },
        ["ecs"] = new() { RequestsPerSecond = 10, Burst = 20, MaxConcurrency = 4 },
        ["sts"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 2 },
        // Security Hub quotas: BatchImportFindings 10 TPS (burst 30), GetFindings 3 TPS (burst 6); one bucket keeps both under theirs.
        ["securityhub"] = new() { RequestsPerSecond = 3, Burst = 6, MaxConcurrency = 2 },
        ["kms"] = new() { RequestsPerSecond = 10, Burst = 20, MaxConcurrency = 4 },
        ["logs"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 2 },
        ["guardduty"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 2 },
        ["inspector2"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 2 },
        ["elasticloadbalancing"] = new() { RequestsPerSecond = 10, Burst = 20, MaxConcurrency = 4 },
        ["wafv2"] = new() { RequestsPerSecond = 5, Burst = 10, MaxConcurrency = 2 },
    };

    /// <summary>How long cluster, node group, add-on and EKS version descriptions are reused.</summary>
    public TimeSpan EksCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long IAM roles and policy documents are reused.</summary>
    public TimeSpan IamCacheTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long EC2, SSM, ECS, KMS and CloudWatch Logs descriptions and ECR repository settings are reused.</summary>
    public TimeSpan DescribeCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long what ECR said of a running digest (scan status, completion time, not found) is reused before ECR is
    /// asked again (DescribeImages, 100 digests per call per repository). Findings are fetched again only when the
    /// completion time changed. Rescans within the interval (the rescan annotation, changes in the cluster) ask ECR
    /// nothing for images already seen; a new ECR scan shows up at most this late. Zero: ask on every scan.
    /// </summary>
    public TimeSpan EcrImageRecheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an assumed-role session is kept before it is created again.</summary>
    public TimeSpan SessionIdleTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Session name for AssumeRole.</summary>
    public string RoleSessionName { get; set; } = "kubeposture";

    public AwsServiceLimits LimitsFor(string service) =>
        Limits.TryGetValue(service, out var limits) ? limits : new AwsServiceLimits();
}

/// <summary>Token bucket (RequestsPerSecond refill, Burst capacity) and a concurrency cap for one service.</summary>
public sealed class AwsServiceLimits
{
    [Range(0.01, 10000)]
    public double RequestsPerSecond { get; set; } = 10;

    [Range(1, 10000)]
    public int Burst { get; set; } = 20;

    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;
}
