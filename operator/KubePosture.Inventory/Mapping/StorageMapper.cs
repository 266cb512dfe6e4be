using k8s.Models;
using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Mapping;

/// <summary>StorageClasses and PersistentVolumes to their slim records (only what the storage checks read).</summary>
internal static class StorageMapper
{
    public const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    public static StorageClassRecord Map(V1StorageClass storageClass, StringPool pool) => new(
        pool.Intern(storageClass.Metadata?.Name ?? ""),
        pool.Intern(storageClass.Provisioner ?? ""),
        pool.Map(storageClass.Parameters),
        storageClass.Metadata?.Annotations is { } annotations && annotations.TryGetValue(DefaultClassAnnotation, out var isDefault) && isDefault == "true");

    public static PersistentVolumeRecord Map(V1PersistentVolume volume, StringPool pool)
    {
        var spec = volume.Spec;
        string? driver = null, handle = null;
        IDictionary<string, string>? attributes = null;
        if (spec?.Csi is { } csi)
        {
            driver = csi.Driver;
            handle = csi.VolumeHandle;
            attributes = csi.VolumeAttributes;
        }
        else if (spec?.AwsElasticBlockStore is { } ebs)
        {
            driver = PersistentVolumeRecord.EbsInTree;
            handle = ebs.VolumeID;
        }
        var claim = spec?.ClaimRef is { } c ? $"{c.NamespaceProperty}/{c.Name}" : null;
        return new PersistentVolumeRecord(pool.Intern(volume.Metadata?.Name ?? ""), pool.InternOrNull(spec?.StorageClassName), pool.InternOrNull(driver), handle,
            pool.Map(attributes), claim);
    }
}
