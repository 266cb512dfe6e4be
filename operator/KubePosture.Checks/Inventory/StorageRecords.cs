namespace KubePosture.Checks.Inventory;

/// <summary>A StorageClass: its provisioner and parameters (encrypted, kmsKeyId, type, ...).</summary>
public sealed record StorageClassRecord(string Name, string Provisioner, IReadOnlyDictionary<string, string> Parameters, bool IsDefault);

/// <summary>
/// A PersistentVolume of a driver the storage checks read: Driver is the CSI driver (ebs.csi.aws.com, efs.csi.aws.com)
/// or kubernetes.io/aws-ebs for the in-tree awsElasticBlockStore source; VolumeHandle the EBS volume id
/// (vol-...) or EFS file system id; Claim "namespace/name" when bound.
/// </summary>
public sealed record PersistentVolumeRecord(
    string Name,
    string? StorageClassName,
    string? Driver,
    string? VolumeHandle,
    IReadOnlyDictionary<string, string> VolumeAttributes,
    string? Claim)
{
    public const string EbsCsiDriver = "ebs.csi.aws.com";
    public const string EbsInTree = "kubernetes.io/aws-ebs";
    public const string EfsCsiDriver = "efs.csi.aws.com";

    public bool IsEbs => Driver is EbsCsiDriver or EbsInTree;

    /// <summary>The EC2 volume id: the CSI volumeHandle, or the last path segment of an in-tree aws://zone/vol-... id.</summary>
    public string? EbsVolumeId => IsEbs && VolumeHandle is { Length: > 0 } h ? h[(h.LastIndexOf('/') + 1)..] : null;
}
