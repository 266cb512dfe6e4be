using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;

namespace KubePosture.Aws.Collection;

/// <summary>
/// The detection services the customer turns on: the region's GuardDuty detector with its EKS protection plans and the
/// active findings about this cluster, and Inspector's ECR scanning for the account.
/// </summary>
public sealed partial class AwsInventoryCollector
{
    private sealed record DetectionPart(IReadOnlyList<GuardDutyDetector> Detectors, IReadOnlyList<GuardDutyFinding> Findings, InspectorAccountStatus? Inspector);

    private static async Task<DetectionPart> CollectDetectionAsync(IAwsSession session, Run run, string? account, string clusterName, CancellationToken ct)
    {
        var detectors = new List<GuardDutyDetector>();
        var findings = new List<GuardDutyFinding>();
        foreach (var id in await run.Try(InventorySource.AwsGuardDuty, "guardduty:ListDetectors", () => session.GuardDuty.ListDetectorsAsync(ct)) ?? [])
        {
            if (await run.Try(InventorySource.AwsGuardDuty, "guardduty:GetDetector", () => session.GuardDuty.GetDetectorAsync(id, ct)) is not { } detector)
                continue;
            detectors.Add(detector);
            if (detector.Enabled)
                findings.AddRange(await run.Try(InventorySource.AwsGuardDuty, "guardduty:ListFindings", () => session.GuardDuty.GetClusterFindingsAsync(id, clusterName, ct)) ?? []);
        }

        // Without the account (STS denied) Inspector cannot be asked; inspector checks then see no status and are not evaluated.
        var inspector = account is null ? null
            : await run.Try(InventorySource.AwsInspector, "inspector2:BatchGetAccountStatus", () => session.Inspector.GetAccountStatusAsync(account, ct));
        return new DetectionPart(detectors, findings, inspector);
    }
}
