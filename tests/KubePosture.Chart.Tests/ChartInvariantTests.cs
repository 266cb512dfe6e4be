using YamlDotNet.RepresentationModel;

namespace KubePosture.Chart.Tests;

/// <summary>What must hold in every scenario of the values matrix.</summary>
public class ChartInvariantTests
{
    private static readonly string[] ForbiddenVerbs = ["*", "escalate", "bind", "impersonate"];

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task Every_object_carries_the_standard_labels_and_lives_in_the_release_namespace(string scenario)
    {
        var chart = await Scenarios.RenderAsync(scenario);
        Assert.NotEmpty(chart.Manifests);
        foreach (var manifest in chart.Manifests)
        {
            var labels = manifest.Metadata.StringMap("labels");
            Assert.True(labels.TryGetValue("app.kubernetes.io/name", out var name) && name == "kubeposture", $"{manifest}: app.kubernetes.io/name");
            Assert.Equal(RenderedChart.Release, labels.GetValueOrDefault("app.kubernetes.io/instance"));
            Assert.Equal("Helm", labels.GetValueOrDefault("app.kubernetes.io/managed-by"));
            Assert.StartsWith("kubeposture-", labels.GetValueOrDefault("helm.sh/chart") ?? "", StringComparison.Ordinal);

            var clusterScoped = manifest.Kind is "ClusterRole" or "ClusterRoleBinding";
            if (clusterScoped)
                Assert.Null(manifest.Namespace);
            else if (manifest.Name.EndsWith("-aws-auth", StringComparison.Ordinal))
                Assert.Equal("kube-system", manifest.Namespace);
            else
                Assert.True(manifest.Namespace == RenderedChart.Namespace, $"{manifest} is not in the release namespace");
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task No_rule_grants_secrets_wildcards_or_escalation(string scenario)
    {
        var chart = await Scenarios.RenderAsync(scenario);
        var rules = chart.OfKind("ClusterRole").Concat(chart.OfKind("Role")).SelectMany(r => r.Root.Maps("rules").Select(rule => (Role: r, Rule: rule))).ToList();
        Assert.NotEmpty(rules);
        foreach (var (role, rule) in rules)
        {
            var resources = rule.Strings("resources");
            var verbs = rule.Strings("verbs");
            var groups = rule.Strings("apiGroups");
            Assert.DoesNotContain(resources, r => r == "secrets" || r.StartsWith("secrets/", StringComparison.Ordinal) || r == "*");
            Assert.DoesNotContain("*", groups);
            Assert.Empty(verbs.Intersect(ForbiddenVerbs));
            Assert.Empty(rule.Strings("nonResourceURLs"));
            if (resources.Contains("configmaps"))
            {
                Assert.Equal("kube-system", role.Namespace);
                Assert.Equal(["aws-auth"], rule.Strings("resourceNames"));
                Assert.Equal(["list", "watch"], verbs);
            }
        }

        // Nothing else in any manifest (annotations, env, args) names secrets either; comments may.
        Assert.DoesNotContain(chart.Manifests.SelectMany(m => Scalars(m.Root)), s => s.Contains("secret", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task The_operator_pod_meets_the_restricted_pod_security_standard(string scenario)
    {
        var chart = await Scenarios.RenderAsync(scenario);
        var pod = chart.Single("Deployment").Spec.Map("template").Map("spec");
        foreach (var key in new[] { "hostNetwork", "hostPID", "hostIPC" })
            Assert.NotEqual("true", pod.Str(key));
        Assert.DoesNotContain(pod.Maps("volumes"), v => v.Get("hostPath") is not null);

        var podContext = pod.Map("securityContext");
        Assert.Equal("true", podContext.Str("runAsNonRoot"));
        Assert.Equal("RuntimeDefault", podContext.Map("seccompProfile").Str("type"));
        Assert.NotEqual("0", podContext.Str("runAsUser"));

        var containers = pod.Maps("containers").Concat(pod.Maps("initContainers")).ToList();
        Assert.NotEmpty(containers);
        foreach (var container in containers)
        {
            var context = container.Map("securityContext");
            Assert.Equal("false", context.Str("allowPrivilegeEscalation"));
            Assert.Equal("true", context.Str("readOnlyRootFilesystem"));
            Assert.Equal("true", context.Str("runAsNonRoot"));
            Assert.NotEqual("true", context.Str("privileged"));
            Assert.Equal(["ALL"], context.Map("capabilities").Strings("drop"));
            Assert.Empty(context.Map("capabilities").Strings("add"));
            Assert.NotEmpty(container.Map("resources").Map("requests").Children);
            Assert.NotNull(container.Map("resources").Map("limits").Str("memory"));
            Assert.DoesNotContain(":latest", container.Str("image")!, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task Every_role_is_bound_to_the_operator_service_account(string scenario)
    {
        var chart = await Scenarios.RenderAsync(scenario);
        var serviceAccount = chart.Single("ServiceAccount").Name;
        var bindings = chart.OfKind("ClusterRoleBinding").Concat(chart.OfKind("RoleBinding")).ToList();
        var operatorRoles = chart.OfKind("ClusterRole").Where(r => !r.Name.StartsWith("kubeposture-", StringComparison.Ordinal)).Concat(chart.OfKind("Role")).ToList();
        Assert.Equal(3, operatorRoles.Count);
        foreach (var role in operatorRoles)
        {
            var binding = Assert.Single(bindings, b => b.Root.Map("roleRef").Str("name") == role.Name && b.Root.Map("roleRef").Str("kind") == role.Kind && b.Namespace == role.Namespace);
            var subject = Assert.Single(binding.Root.Maps("subjects"));
            Assert.Equal(("ServiceAccount", serviceAccount, RenderedChart.Namespace), (subject.Str("kind"), subject.Str("name"), subject.Str("namespace")));
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task The_example_scan_is_a_valid_PostureScan_in_the_control_namespace(string scenario)
    {
        var chart = await Scenarios.RenderAsync(scenario);
        var scan = chart.Single("PostureScan");
        Assert.Equal("kubeposture.io/v1alpha1", scan.ApiVersion);
        Assert.Equal(RenderedChart.Namespace, scan.Namespace);
        Assert.Equal("6h", scan.Spec.Str("interval"));
        var awsConfigured = scenario is Scenarios.Irsa or Scenarios.PodIdentity;
        Assert.Equal(awsConfigured ? "true" : null, scan.Spec.MapOrNull("aws")?.Str("enabled"));
        if (scenario == Scenarios.Reports)
            Assert.Equal("500", scan.Spec.Map("reporting").Str("maxResultsPerReport"));
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlMappingNode map => map.Children.SelectMany(c => Scalars(c.Key).Concat(Scalars(c.Value))),
        YamlSequenceNode list => list.Children.SelectMany(Scalars),
        _ => [],
    };

    internal static YamlMappingNode Container(RenderedChart chart) =>
        Assert.Single(chart.Single("Deployment").Spec.Map("template").Map("spec").Maps("containers"));
}
