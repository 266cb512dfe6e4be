using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Detection;

public sealed class GuardDutyAuditOffCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "detection.guardduty-audit-off",
        Title: "GuardDuty does not monitor EKS audit logs",
        Category: CheckCategory.Detection,
        DefaultSeverity: Severity.Medium,
        Description: "The region has no enabled GuardDuty detector, or its EKS Protection (feature EKS_AUDIT_LOGS) is off: nobody is told when the cluster's audit log shows credential access, anonymous access, a privileged pod from an unusual principal or known attacker infrastructure. The audit log itself (eks.audit-log-off) records; GuardDuty watches.",
        Remediation: "Enable GuardDuty in the region and its EKS Protection: aws guardduty update-detector --detector-id <id> --features Name=EKS_AUDIT_LOGS,Status=ENABLED (or create a detector first).",
        References: [References.EksInfrastructure, "AWS Security Hub GuardDuty.5", "GuardDuty EKS Protection: https://docs.aws.amazon.com/guardduty/latest/ug/kubernetes-protection.html"],
        Sources: [InventorySource.AwsGuardDuty, "guardduty:ListDetectors", "guardduty:GetDetector"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var detector = GuardDutyCoverage.EnabledDetector(aws, out var why);
        if (detector?.FeatureEnabled("EKS_AUDIT_LOGS") == true) yield break;
        if (detector is not null)
            why = $"detector {detector.DetectorId} has EKS_AUDIT_LOGS {detector.Features.GetValueOrDefault("EKS_AUDIT_LOGS")?.Status ?? "not configured"}";
        yield return GuardDutyCoverage.Finding(Descriptor, aws, detector, $"GuardDuty does not monitor the audit log of cluster {aws.ClusterName} in {aws.Region}: {why}");
    }
}
