using k8s.Models;
using KubePosture.Checks.Inventory;
using static KubePosture.Inventory.Tests.Objects;
using static KubePosture.Inventory.Tests.Store.WorkloadFoldingTests;

namespace KubePosture.Inventory.Tests.Store;

/// <summary>StorageClasses and PersistentVolumes as the storage checks read them, through the store.</summary>
public class StorageMappingTests
{
    [Fact]
    public void A_storage_class_keeps_its_provisioner_parameters_and_default_marker()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1StorageClass>("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp2, annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}}\nprovisioner: kubernetes.io/aws-ebs\nparameters: {type: gp2}\n"));
        var record = Assert.Single(Snap(store, ClusterScope("a")).StorageClasses);
        Assert.Equal(("gp2", "kubernetes.io/aws-ebs", true, "gp2"), (record.Name, record.Provisioner, record.IsDefault, record.Parameters["type"]));
    }

    [Fact]
    public void Csi_and_in_tree_ebs_volumes_give_the_ec2_volume_id_and_the_claim_and_efs_keeps_its_attributes()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1PersistentVolume>("apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-1}\nspec:\n  storageClassName: gp3\n  claimRef: {namespace: payments, name: data}\n  csi: {driver: ebs.csi.aws.com, volumeHandle: vol-0123}\n"));
        store.Upsert(Yaml<V1PersistentVolume>("apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-2}\nspec:\n  awsElasticBlockStore: {volumeID: aws://us-west-2a/vol-0456}\n"));
        store.Upsert(Yaml<V1PersistentVolume>("apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-3}\nspec:\n  csi: {driver: efs.csi.aws.com, volumeHandle: fs-1, volumeAttributes: {encryptInTransit: \"false\"}}\n"));
        var volumes = Snap(store, ClusterScope("a")).PersistentVolumes;
        Assert.Equal(("vol-0123", "payments/data"), (volumes[0].EbsVolumeId, volumes[0].Claim));
        Assert.Equal((PersistentVolumeRecord.EbsInTree, "vol-0456", (string?)null), (volumes[1].Driver, volumes[1].EbsVolumeId, volumes[1].Claim));
        Assert.Null(volumes[2].EbsVolumeId);
        Assert.Equal("false", volumes[2].VolumeAttributes["encryptInTransit"]);
    }
}
