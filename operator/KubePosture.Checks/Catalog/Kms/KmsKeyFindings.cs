using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Kms;

/// <summary>Shared sources, resource and evidence of findings about the KMS keys the cluster depends on.</summary>
internal static class KmsKeyFindings
{
    /// <summary>DescribeKey, GetKeyRotationStatus and GetKeyPolicy are read together per key: each KMS check needs all three.</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [InventorySource.AwsKms, "kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy", InventorySource.AwsEks, "eks:DescribeCluster"];

    public static string Uses(AwsKmsKey key) => string.Join(", ", key.Uses.Take(10));

    public static Finding Finding(CheckDescriptor descriptor, Severity severity, AwsKmsKey key, string what, params (string Key, string Value)[] extra)
    {
        var details = new Dictionary<string, string> { ["keyArn"] = key.KeyArn, ["uses"] = Uses(key) };
        foreach (var (k, v) in extra) details[k] = v;
        return new Finding(descriptor.Id, severity, AwsResources.KmsKey(key.KeyArn), $"KMS key {key.KeyArn} ({Uses(key)}) {what}", details);
    }
}
