using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Logs;

public sealed class NoKmsCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "logs.no-kms",
        Title: "Log group not encrypted with a KMS key",
        Category: CheckCategory.Logs,
        DefaultSeverity: Severity.Low,
        Description: "The control-plane log group /aws/eks/<cluster>/cluster or a log group ECS containers write to with the awslogs driver has no KMS key: its events (audit records with request bodies, application output) are encrypted only with CloudWatch Logs' service keys, so who may read them cannot be restricted or audited through a key policy.",
        Remediation: "Associate a customer managed key whose policy allows the logs.<region>.amazonaws.com service principal: aws logs associate-kms-key --log-group-name <group> --kms-key-id <key arn>.",
        References: [References.EksInfrastructure, "Encrypt log data with AWS KMS: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
        Sources: LogGroupFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var g in aws.LogGroups)
        {
            if (g.Group is not { } group || !string.IsNullOrEmpty(group.KmsKeyId)) continue;
            yield return LogGroupFindings.Finding(Descriptor, g, "is not encrypted with a KMS key");
        }
    }
}
