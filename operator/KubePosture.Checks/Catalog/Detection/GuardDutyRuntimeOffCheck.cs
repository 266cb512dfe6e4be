using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Detection;

public sealed class GuardDutyRuntimeOffCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "detection.guardduty-runtime-off",
        Title: "GuardDuty does not monitor EKS runtime",
        Category: CheckCategory.Detection,
        DefaultSeverity: Severity.Medium,
        Description: "The region's GuardDuty detector has neither RUNTIME_MONITORING nor EKS_RUNTIME_MONITORING enabled, or it has but the security agent reaches no node: the agent is not managed by GuardDuty (additional configuration EKS_ADDON_MANAGEMENT) and the aws-guardduty-agent add-on is not installed. Process, file and network activity inside containers (crypto miners, reverse shells, container escapes) then goes unseen.",
        Remediation: "Enable Runtime Monitoring with automated agent management: aws guardduty update-detector --detector-id <id> --features 'Name=RUNTIME_MONITORING,Status=ENABLED,AdditionalConfiguration=[{Name=EKS_ADDON_MANAGEMENT,Status=ENABLED}]', or install the aws-guardduty-agent add-on.",
        References: [References.EksInfrastructure, "AWS Security Hub GuardDuty.7", "GuardDuty Runtime Monitoring: https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html"],
        Sources: [InventorySource.AwsGuardDuty, "guardduty:ListDetectors", "guardduty:GetDetector", InventorySource.AwsEks, "eks:DescribeAddon"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var detector = GuardDutyCoverage.EnabledDetector(aws, out var why);
        if (detector is not null)
        {
            var feature = new[] { "RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING" }.Select(n => detector.Features.GetValueOrDefault(n)).FirstOrDefault(f => f?.Status == "ENABLED");
            if (feature is null)
                why = $"detector {detector.DetectorId} has neither RUNTIME_MONITORING nor EKS_RUNTIME_MONITORING enabled";
            else if (feature.AdditionalConfiguration.GetValueOrDefault("EKS_ADDON_MANAGEMENT") != "ENABLED" && !aws.Addons.Any(a => a.Name == "aws-guardduty-agent"))
                why = $"{feature.Name} is enabled but GuardDuty does not manage the agent (EKS_ADDON_MANAGEMENT) and the aws-guardduty-agent add-on is not installed";
            else
                yield break;
        }

        yield return GuardDutyCoverage.Finding(Descriptor, aws, detector, $"GuardDuty does not watch the runtime of cluster {aws.ClusterName}: {why}");
    }
}
