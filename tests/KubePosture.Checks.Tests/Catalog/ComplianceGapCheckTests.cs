using KubePosture.Checks.Catalog.Namespace;
using KubePosture.Checks.Catalog.Rbac;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Catalog;

/// <summary>The checks written for CIS EKS controls that had none: 4.1.9, 4.1.11 and 4.5.2.</summary>
public class ComplianceGapCheckTests
{
    private const string Admission = "admissionregistration.k8s.io";

    [Fact]
    [Covers("rbac.create-persistentvolumes", Outcome.Fail)]
    public void Create_persistentvolumes_through_a_cluster_role_binding_fails()
    {
        var f = Run.FailsOnce<CreatePersistentVolumesCheck>(Cluster(
            roles: [ClusterRole("storage-admin", Rule(["create", "get"], ["persistentvolumes"]))],
            bindings: [ClusterRoleBinding("storage", "storage-admin", User("alice"))]));
        Assert.Equal(new ResourceRef("rbac.authorization.k8s.io/v1", "ClusterRole", null, "storage-admin"), f.Resource);
        Assert.Contains("User alice", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.create-persistentvolumes", Outcome.Pass)]
    public void Claims_and_reading_volumes_pass()
        => Run.Passes<CreatePersistentVolumesCheck>(Cluster(
            roles: [ClusterRole("storage-user", Rule(["create"], ["persistentvolumeclaims"]), Rule(["get", "list"], ["persistentvolumes"]))],
            bindings: [ClusterRoleBinding("storage", "storage-user", User("alice"))]));

    [Fact]
    [Covers("rbac.webhook-config-write", Outcome.Fail)]
    public void Patching_mutating_webhook_configurations_fails()
    {
        var f = Run.FailsOnce<WebhookConfigWriteCheck>(Cluster(
            roles: [ClusterRole("hooks", Rule(["patch"], ["mutatingwebhookconfigurations"], apiGroups: [Admission]))],
            bindings: [ClusterRoleBinding("hooks", "hooks", ServiceAccount("tools", "deployer"))]));
        Assert.Contains("webhook", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.webhook-config-write", Outcome.Pass)]
    public void Reading_webhook_configurations_or_the_same_resource_in_another_group_passes()
        => Run.Passes<WebhookConfigWriteCheck>(Cluster(
            roles: [ClusterRole("hooks", Rule(["get", "list", "watch"], ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], apiGroups: [Admission]),
                Rule(["create"], ["validatingwebhookconfigurations"], apiGroups: ["example.com"]))],
            bindings: [ClusterRoleBinding("hooks", "hooks", User("bob"))]));

    [Fact]
    [Covers("namespace.default-used", Outcome.Fail)]
    public void A_workload_and_its_service_in_default_fail_once_each()
    {
        var findings = Run.Check<DefaultNamespaceUsedCheck>(Cluster(
            [Workload(ns: "default", name: "legacy"), Workload(ns: "team-a")],
            services: [Service("default", "legacy", "ClusterIP"), Service("default", "kubernetes", "ClusterIP"), Service("team-a", "web", "ClusterIP")]));
        Assert.Equal(
            ["Deployment/default/legacy", "Service/default/legacy"],
            findings.Select(f => f.Resource.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    [Covers("namespace.default-used", Outcome.Pass)]
    public void Only_the_kubernetes_service_in_default_passes()
        => Run.Passes<DefaultNamespaceUsedCheck>(Cluster([Workload(ns: "team-a")], services: [Service("default", "kubernetes", "ClusterIP")]));
}
