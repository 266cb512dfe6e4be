using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Detection;

/// <summary>
/// What the GuardDuty coverage checks (audit logs, runtime) judge: the region's enabled detector, why there is none,
/// and the finding on the cluster when it does not cover the cluster.
/// </summary>
internal static class GuardDutyCoverage
{
    /// <summary>The region's enabled detector; null with <paramref name="whyNone"/> when it has none or only a suspended one.</summary>
    public static GuardDutyDetector? EnabledDetector(AwsInventory aws, out string whyNone)
    {
        var detector = aws.GuardDutyDetectors.FirstOrDefault(d => d.Enabled);
        whyNone = detector is not null ? ""
            : aws.GuardDutyDetectors.Count == 0 ? "GuardDuty has no detector in the region" : "the region's GuardDuty detector is suspended";
        return detector;
    }

    public static Finding Finding(CheckDescriptor descriptor, AwsInventory aws, GuardDutyDetector? detector, string message) =>
        new(descriptor.Id, descriptor.DefaultSeverity, AwsResources.EksCluster(aws.ClusterName ?? ""), message,
            new Dictionary<string, string> { ["detectorId"] = detector?.DetectorId ?? "" });
}
