using KubePosture.Checks.Catalog.Storage;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.Checks.Tests.Catalog;

public class StorageCheckTests
{
    private static ClusterInventory With(params StorageClassRecord[] classes) => Build.Cluster() with { StorageClasses = classes };

    private static StorageClassRecord Class(string name, string provisioner, bool isDefault = false, params (string Key, string Value)[] parameters) =>
        new(name, provisioner, parameters.ToDictionary(p => p.Key, p => p.Value), isDefault);

    [Fact, Covers("storage.class-unencrypted", Outcome.Pass)]
    public void Encrypted_ebs_classes_and_other_provisioners_pass() =>
        Run.Passes<ClassUnencryptedCheck>(With(
            Class("gp3", "ebs.csi.aws.com", false, ("encrypted", "true"), ("kmsKeyId", "arn:aws:kms:us-west-2:111122223333:key/k")),
            Class("legacy", "kubernetes.io/aws-ebs", false, ("encrypted", "True")),
            Class("efs", "efs.csi.aws.com", false, ("provisioningMode", "efs-ap"))));

    [Fact, Covers("storage.class-unencrypted", Outcome.Fail)]
    public void An_ebs_class_without_encrypted_true_fails_and_the_default_class_is_named()
    {
        var f = Run.FailsOnce<ClassUnencryptedCheck>(With(Class("gp2", "kubernetes.io/aws-ebs", true, ("type", "gp2"), ("encrypted", "false"))));
        Assert.Equal(new Model.ResourceRef("storage.k8s.io/v1", "StorageClass", null, "gp2"), f.Resource);
        Assert.Contains("(the default StorageClass)", f.Message, StringComparison.Ordinal);
    }
}
