using System.Reflection;
using System.Text.RegularExpressions;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.Checks.Tests;

/// <summary>
/// Rules every check of the in-cluster catalog follows. Checks that read AWS (descriptor RequiresAws: ecr.*, eks.* from
/// the EKS API, node.* from EC2/SSM, vpc.*, iam.*, ecs.*, linked.*) are held to the same rules, and must have their pass
/// and fail tests, in KubePosture.AwsChecks.Tests.
/// </summary>
public partial class ConventionTests
{
    private static readonly IReadOnlyList<ICheck> Catalog = [.. typeof(ICheck).Assembly.GetTypes()
        .Where(t => typeof(ICheck).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.Namespace!.StartsWith("KubePosture.Checks.Catalog", StringComparison.Ordinal))
        .Select(t => (ICheck)Activator.CreateInstance(t)!)
        .Where(c => !c.Descriptor.RequiresAws)
        .OrderBy(c => c.Descriptor.Id, StringComparer.Ordinal)];

    /// <summary>Every id CHECKS.md lists for the in-cluster catalog.</summary>
    private static readonly string[] InClusterIds =
    [
        "pod.privileged", "pod.privilege-escalation", "pod.run-as-root", "pod.capabilities-dangerous", "pod.capabilities-not-dropped",
        "pod.host-network", "pod.host-pid", "pod.host-ipc", "pod.host-path", "pod.host-port", "pod.readonly-root-fs", "pod.seccomp",
        "pod.apparmor-unconfined", "pod.proc-mount", "pod.probe-host", "pod.unsafe-sysctls", "api.removed-version", "pod.sa-token-automount", "pod.default-service-account",
        "pod.resources-missing", "pod.secrets-in-env", "pod.secret-as-env", "image.tag-latest", "image.not-pinned", "image.non-ecr", "namespace.pss-not-enforced",
        "rbac.cluster-admin-binding", "rbac.wildcard", "rbac.secrets-read", "rbac.pods-exec", "rbac.escalate-bind-impersonate",
        "rbac.create-workloads", "rbac.token-create", "rbac.nodes-proxy", "rbac.anonymous-binding", "rbac.default-sa-bound",
        "rbac.aws-auth-write", "rbac.create-persistentvolumes", "rbac.webhook-config-write", "namespace.default-used", "eks.aws-auth-masters", "netpol.namespace-missing", "netpol.no-default-deny", "netpol.pod-unselected",
        "netpol.allow-all", "netpol.imds-reachable", "svc.internet-exposed", "node.version-skew", "node.k8s-unsupported", "node.stale",
        // Issue 19 (storage): StorageClasses of the EBS provisioners must ask for encryption.
        "storage.class-unencrypted",
    ];

    [Fact]
    public void Every_in_cluster_check_of_CHECKS_md_exists_and_every_other_check_reads_aws() =>
        Assert.Equal(InClusterIds.Order(StringComparer.Ordinal), Catalog.Select(c => c.Descriptor.Id));

    [Fact]
    public void The_core_declares_no_io_ports_they_live_beside_the_aws_collector_that_calls_them()
    {
        // docs/architecture.md: the checks read records; the AWS ports (IEc2Port, ...) are KubePosture.Aws's seams.
        var asynchronous = typeof(ICheck).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface)
            .SelectMany(t => t.GetMethods().Where(m => typeof(Task).IsAssignableFrom(m.ReturnType)).Select(m => $"{t.Name}.{m.Name}"))
            .ToList();

        Assert.Empty(asynchronous);
    }

    [Fact]
    public void Ids_are_unique_and_well_formed()
    {
        var ids = Catalog.Select(c => c.Descriptor.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(IdPattern(), id));
    }

    [Fact]
    public void Every_descriptor_is_complete()
    {
        var sources = typeof(InventorySource).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);
        Assert.All(Catalog, c =>
        {
            var d = c.Descriptor;
            Assert.False(string.IsNullOrWhiteSpace(d.Title), $"{d.Id}: title");
            Assert.Contains(d.Category, CheckCategory.All);
            Assert.True(d.Description.Length >= 40, $"{d.Id}: description too short");
            Assert.True(d.Remediation.Length >= 30, $"{d.Id}: remediation too short");
            Assert.NotEmpty(d.References);
            Assert.All(d.References, r => Assert.False(string.IsNullOrWhiteSpace(r)));
            Assert.NotEmpty(d.Sources);
            Assert.All(d.Sources, s => Assert.Contains(s, sources));
            Assert.False(d.RequiresAws, $"{d.Id}: in-cluster checks do not read AWS");
            Assert.Equal(d.Id.Split('.')[0] switch
            {
                "pod" => CheckCategory.PodSecurity,
                "image" => CheckCategory.Image,
                "namespace" => CheckCategory.Namespace,
                "rbac" => CheckCategory.Rbac,
                "netpol" => CheckCategory.NetworkPolicy,
                "svc" => CheckCategory.Service,
                "node" => CheckCategory.Node,
                "eks" => CheckCategory.Eks,
                var other => other,
            }, d.Category);
        });
    }

    [Fact]
    public void Checks_reading_cluster_scoped_objects_say_so()
    {
        string[] clusterScoped = [InventorySource.Nodes, InventorySource.ClusterRoles, InventorySource.ClusterRoleBindings, InventorySource.Namespaces, InventorySource.ConfigMapAwsAuth];
        Assert.All(Catalog.Where(c => c.Descriptor.Sources.Any(clusterScoped.Contains)), c => Assert.True(c.Descriptor.ClusterScoped, c.Descriptor.Id));
    }

    [Fact]
    public void Every_check_has_at_least_one_pass_and_one_fail_test()
    {
        var (missing, unknown) = CheckCoverage.Of(typeof(ConventionTests).Assembly, Catalog);
        Assert.True(missing.Count == 0, "missing tests: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "tests cover unknown ids: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Checks_find_nothing_in_an_empty_inventory()
    {
        var empty = Build.Cluster();
        Assert.All(Catalog, c => Assert.Empty(c.Evaluate(empty)));
    }

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9-]+)+$")]
    private static partial Regex IdPattern();
}
