using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Amazon GuardDuty, read-only.</summary>
public interface IGuardDutyPort
{
    Task<IReadOnlyList<string>> ListDetectorsAsync(CancellationToken cancellationToken);

    Task<GuardDutyDetector> GetDetectorAsync(string detectorId, CancellationToken cancellationToken);

    /// <summary>Active (not archived) findings whose resource is the EKS cluster, all pages, described 50 per call.</summary>
    Task<IReadOnlyList<GuardDutyFinding>> GetClusterFindingsAsync(string detectorId, string clusterName, CancellationToken cancellationToken);
}
