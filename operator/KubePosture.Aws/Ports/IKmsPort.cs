using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>AWS KMS, read-only: the keys the cluster, its registries and its logs are encrypted with.</summary>
public interface IKmsPort
{
    /// <summary>
    /// DescribeKey, then GetKeyRotationStatus for keys that can rotate and GetKeyPolicy (policy "default"). Null when
    /// the key does not exist (NotFoundException).
    /// </summary>
    Task<KmsKey?> DescribeKeyAsync(string keyIdOrArn, CancellationToken cancellationToken);
}
