using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Kms;

public sealed class RotationOffCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "kms.rotation-off",
        Title: "KMS key the cluster uses does not rotate",
        Category: CheckCategory.Kms,
        DefaultSeverity: Severity.Medium,
        Description: "A customer managed symmetric KMS key that encrypts the cluster's secrets, an ECR repository running images come from, or the control-plane or ECS log groups has automatic rotation off (GetKeyRotationStatus): the same key material protects the data indefinitely. AWS managed keys rotate by themselves; asymmetric and imported keys cannot rotate automatically and are not reported.",
        Remediation: "Enable automatic rotation: aws kms enable-key-rotation --key-id <key> (optionally --rotation-period-in-days).",
        References: [References.EksInfrastructure, "CIS AWS Foundations Benchmark 3.6", "AWS Security Hub KMS.4", "Rotating AWS KMS keys: https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
        Sources: KmsKeyFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var key in aws.KmsKeys)
        {
            if (key.Key is not { } k || !k.Rotatable || k.RotationEnabled != false) continue;
            yield return KmsKeyFindings.Finding(Descriptor, Descriptor.DefaultSeverity, key, "has automatic rotation off");
        }
    }
}
