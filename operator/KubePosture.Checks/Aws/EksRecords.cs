namespace KubePosture.Checks.Aws;

/// <summary>An EKS cluster (DescribeCluster): the fields the eks.* and iam.irsa-* checks read.</summary>
public sealed record EksCluster(
    string Name,
    string Arn,
    string Version,
    string? PlatformVersion,
    string Status,
    bool EndpointPublicAccess,
    bool EndpointPrivateAccess,
    IReadOnlyList<string> PublicAccessCidrs,
    string? VpcId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds,
    string? ClusterSecurityGroupId,
    IReadOnlyList<EksEncryptionConfig> Encryption,
    IReadOnlyList<EksLogSetting> Logging,
    string? AuthenticationMode,
    string? OidcIssuer,
    string? SupportType,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool SecretsEncrypted => Encryption.Any(e => e.Resources.Contains("secrets") && !string.IsNullOrEmpty(e.KeyArn));

    /// <summary>The KMS key that envelope-encrypts secrets, or null.</summary>
    public string? SecretsKeyArn => Encryption.FirstOrDefault(e => e.Resources.Contains("secrets") && !string.IsNullOrEmpty(e.KeyArn))?.KeyArn;

    /// <summary>deletionProtection of DescribeCluster; null when the answer has no such field (older API).</summary>
    public bool? DeletionProtection { get; init; }

    /// <summary>True when the log type (api, audit, authenticator, controllerManager, scheduler) is enabled by any entry.</summary>
    public bool LogEnabled(string type) => Logging.Any(l => l.Enabled && l.Types.Contains(type));
}

public sealed record EksEncryptionConfig(IReadOnlyList<string> Resources, string? KeyArn);

public sealed record EksLogSetting(IReadOnlyList<string> Types, bool Enabled);

/// <summary>A managed node group (DescribeNodegroup).</summary>
public sealed record EksNodegroup(
    string ClusterName,
    string Name,
    string Arn,
    string? Version,
    string? ReleaseVersion,
    string? AmiType,
    string Status,
    string? CapacityType,
    IReadOnlyList<string> InstanceTypes,
    IReadOnlyList<string> Subnets,
    string? NodeRole,
    string? RemoteAccessSshKey,
    IReadOnlyList<string> RemoteAccessSourceSecurityGroups,
    string? RemoteAccessSecurityGroup,
    IReadOnlyList<string> AutoScalingGroups)
{
    /// <summary>The node group's launch template (launchTemplate of DescribeNodegroup), or null when EKS made the instances' template.</summary>
    public EksLaunchTemplateRef? LaunchTemplate { get; init; }
}

/// <summary>A launch template reference: id or name, and the version the node group uses.</summary>
public sealed record EksLaunchTemplateRef(string? Id, string? Name, string? Version);

/// <summary>An access entry (DescribeAccessEntry): the principal and the Kubernetes identity it maps to.</summary>
public sealed record EksAccessEntry(
    string ClusterName,
    string PrincipalArn,
    string? Type,
    string? Username,
    IReadOnlyList<string> KubernetesGroups);

/// <summary>An access policy associated with an access entry, with its scope (cluster or namespaces).</summary>
public sealed record EksAssociatedAccessPolicy(
    string PrincipalArn,
    string PolicyArn,
    string ScopeType,
    IReadOnlyList<string> Namespaces,
    DateTimeOffset? AssociatedAt);

/// <summary>A Pod Identity association (DescribePodIdentityAssociation): service account to IAM role.</summary>
public sealed record EksPodIdentityAssociation(
    string ClusterName,
    string AssociationId,
    string Arn,
    string Namespace,
    string ServiceAccount,
    string? RoleArn);

/// <summary>An installed add-on (DescribeAddon).</summary>
public sealed record EksAddon(
    string ClusterName,
    string Name,
    string Version,
    string Status,
    string? ServiceAccountRoleArn,
    IReadOnlyList<string> HealthIssues)
{
    /// <summary>The add-on's configurationValues as written (JSON or YAML); null when none were set.</summary>
    public string? ConfigurationValues { get; init; }
}

/// <summary>One add-on version that DescribeAddonVersions offers for a Kubernetes version.</summary>
public sealed record EksAddonVersion(string AddonName, string Version, bool DefaultForClusterVersion, IReadOnlyList<string> ClusterVersions);

/// <summary>Support dates of an EKS Kubernetes version (DescribeClusterVersions).</summary>
public sealed record EksClusterVersion(
    string Version,
    string? Status,
    DateTimeOffset? ReleaseDate,
    DateTimeOffset? EndOfStandardSupportDate,
    DateTimeOffset? EndOfExtendedSupportDate);
