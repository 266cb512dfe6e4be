namespace KubePosture.Checks.Aws;

/// <summary>An EC2 instance (DescribeInstances), typically an EKS node.</summary>
public sealed record Ec2Instance(
    string InstanceId,
    string State,
    string? InstanceType,
    string? ImageId,
    string? SubnetId,
    string? VpcId,
    string? PrivateIpAddress,
    string? PublicIpAddress,
    string? PrivateDnsName,
    IReadOnlyList<string> SecurityGroupIds,
    string? IamInstanceProfileArn,
    Ec2MetadataOptions? MetadataOptions,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset? LaunchTime);

/// <summary>Instance metadata service settings: HttpTokens "required" means IMDSv2 only.</summary>
public sealed record Ec2MetadataOptions(string? HttpTokens, int? HttpPutResponseHopLimit, string? HttpEndpoint, string? State)
{
    public bool ImdsV2Required => string.Equals(HttpTokens, "required", StringComparison.OrdinalIgnoreCase) || EndpointDisabled;

    /// <summary>The metadata service is off (HttpEndpoint disabled): nothing on the instance reaches it.</summary>
    public bool EndpointDisabled => string.Equals(HttpEndpoint, "disabled", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The hop limit when it lets a pod reach IMDS (a pod's traffic is one hop further than the node's): above 1 with the
    /// endpoint on; null otherwise.
    /// </summary>
    public int? HopLimitReachableByPods => !EndpointDisabled && HttpPutResponseHopLimit is { } hops && hops > 1 ? hops : null;
}

/// <summary>A security group with its ingress and egress rules (DescribeSecurityGroups).</summary>
public sealed record Ec2SecurityGroup(
    string GroupId,
    string GroupName,
    string? Description,
    string? VpcId,
    IReadOnlyList<Ec2SecurityGroupRule> Ingress,
    IReadOnlyList<Ec2SecurityGroupRule> Egress);

/// <summary>One permission: protocol "-1" means all, ports null means all ports.</summary>
public sealed record Ec2SecurityGroupRule(
    string Protocol,
    int? FromPort,
    int? ToPort,
    IReadOnlyList<string> Ipv4Ranges,
    IReadOnlyList<string> Ipv6Ranges,
    IReadOnlyList<string> SourceGroupIds,
    IReadOnlyList<string> PrefixListIds)
{
    public bool OpenToInternet => Ipv4Ranges.Contains("0.0.0.0/0") || Ipv6Ranges.Contains("::/0");

    /// <summary>Protocol -1 (or "all"): every protocol and port.</summary>
    public bool AllTraffic => Protocol is "-1" or "all";

    /// <summary>TCP by name or number (EC2 answers the name for tcp, udp, icmp and icmpv6, the number for others).</summary>
    public bool IsTcp => Protocol is "tcp" or "6";

    /// <summary>
    /// Every port of the rule's protocol: protocol -1, or a port range 0-65535 (or unset). ICMP's -1/-1 are "all types
    /// and codes", not ports, so an ICMP rule never covers a port.
    /// </summary>
    public bool AllPorts => AllTraffic || (HasPorts && FromPort is null or 0 && ToPort is null or 65535);

    /// <summary>The rule opens <paramref name="port"/> of TCP traffic (protocol -1 or TCP with the port in range).</summary>
    public bool CoversTcpPort(int port) => AllTraffic || (IsTcp && (FromPort is null || (FromPort <= port && port <= ToPort)));

    private bool HasPorts => Protocol is "tcp" or "6" or "udp" or "17";
}

/// <summary>A VPC flow log (DescribeFlowLogs).</summary>
public sealed record Ec2FlowLog(
    string FlowLogId,
    string ResourceId,
    string? TrafficType,
    string? Status,
    string? DeliverLogsStatus,
    string? LogDestinationType,
    string? LogDestination);

/// <summary>
/// One version of a launch template (DescribeLaunchTemplateVersions): what instances launched from it get. Metadata
/// options are null when the template leaves them to the AMI and EC2 defaults; UserData is the decoded text (null when none).
/// </summary>
public sealed record Ec2LaunchTemplateVersion(
    string LaunchTemplateId,
    string? LaunchTemplateName,
    long VersionNumber,
    Ec2MetadataOptions? MetadataOptions,
    bool? AssociatePublicIpAddress,
    string? UserData);

/// <summary>An EBS volume (DescribeVolumes): whether it is encrypted and with which key.</summary>
public sealed record Ec2Volume(string VolumeId, bool Encrypted, string? KmsKeyId, string? State);
