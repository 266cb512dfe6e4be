namespace KubePosture.Chart.Tests;

/// <summary>The CRDs and the rendered chart against the Kubernetes emulator, through the real kubectl.</summary>
public class KubectlApplyTests
{
    private static async Task<KubectlCluster> InstalledAsync(string scenario = Scenarios.Defaults)
    {
        var cluster = await KubectlCluster.StartAsync(TestContext.Current.CancellationToken);
        await cluster.InstallCrdsAsync();
        await cluster.MustAsync("create", "namespace", RenderedChart.Namespace);
        var rendered = await RenderedChart.TryRenderAsync([Scenarios.ValuesFile(scenario)], [], TestContext.Current.CancellationToken);
        Assert.True(rendered.ExitCode == 0, rendered.Describe());
        // The emulator does not serve policy/v1 yet, so the PodDisruptionBudget is left out (ChartInvariantTests and
        // DeploymentTests check it as rendered).
        var documents = rendered.Stdout.Split("\n---", StringSplitOptions.RemoveEmptyEntries)
            .Where(d => !d.Contains("\nkind: PodDisruptionBudget", StringComparison.Ordinal));
        var applied = await cluster.MustAsync("apply", "-f", cluster.WriteFile("chart.yaml", string.Join("\n---", documents)));
        Assert.Contains("posturescan.kubeposture.io/cluster created", applied.Stdout, StringComparison.Ordinal);
        return cluster;
    }

    [Fact]
    public async Task The_rendered_chart_applies_and_kubectl_shows_the_posture_columns()
    {
        await using var cluster = await InstalledAsync();
        var scans = await cluster.MustAsync("get", "posturescans", "-A");
        Assert.Matches(@"NAMESPACE\s+NAME\s+READY\s+COMPLIANT\s+CRITICAL\s+HIGH\s+SCORE\s+LAST SCAN\s+AGE", scans.Stdout);
        Assert.Contains("cluster", scans.Stdout, StringComparison.Ordinal);

        var byShortName = await cluster.MustAsync("get", "pscan", "-n", RenderedChart.Namespace, "-o", "name");
        Assert.Equal("posturescan.kubeposture.io/cluster", byShortName.Stdout.Trim());
        var byCategory = await cluster.MustAsync("get", "kubeposture", "-A", "-o", "name");
        Assert.Contains("posturescan.kubeposture.io/cluster", byCategory.Stdout, StringComparison.Ordinal);

        var deployment = await cluster.MustAsync("get", "deployment", "kubeposture", "-n", RenderedChart.Namespace, "-o", "jsonpath={.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem}");
        Assert.Equal("true", deployment.Stdout.Trim());
        var roles = await cluster.MustAsync("get", "role", "-n", "kube-system", "-o", "name");
        Assert.Contains("role.rbac.authorization.k8s.io/kubeposture-aws-auth", roles.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_server_applies_the_schema_defaults()
    {
        await using var cluster = await InstalledAsync();
        await cluster.MustAsync("apply", "-f", cluster.WriteFile("minimal.yaml", """
            apiVersion: kubeposture.io/v1alpha1
            kind: PostureScan
            metadata: {name: minimal, namespace: kubeposture}
            spec: {}
            """));
        var spec = await cluster.MustAsync("get", "pscan", "minimal", "-n", RenderedChart.Namespace,
            "-o", "jsonpath={.spec.interval} {.spec.failOn} {.spec.suspend} {.spec.reporting.maxFindingsInStatus} {.spec.reporting.reports} {.spec.exceptions.allowAnnotations}");
        Assert.Equal("6h High false 20 true false", spec.Stdout.Trim());
    }

    [Fact]
    public async Task The_api_server_rejects_what_the_schema_forbids_naming_the_field()
    {
        await using var cluster = await InstalledAsync();
        var bad = await cluster.RunAsync("apply", "-f", cluster.WriteFile("bad.yaml", """
            apiVersion: kubeposture.io/v1alpha1
            kind: PostureScan
            metadata: {name: bad, namespace: kubeposture}
            spec:
              interval: 6 hours
              failOn: Severe
              reporting: {maxFindingsInStatus: 500}
            """));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("spec.failOn", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.interval", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.reporting.maxFindingsInStatus", bad.Stderr, StringComparison.Ordinal);

        var exception = await cluster.RunAsync("apply", "-f", cluster.WriteFile("exception.yaml", """
            apiVersion: kubeposture.io/v1alpha1
            kind: PostureException
            metadata: {name: no-reason, namespace: kubeposture}
            spec:
              checks: [pod.privileged]
            """));
        Assert.NotEqual(0, exception.ExitCode);
        Assert.Contains("spec.justification", exception.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.expiresAt", exception.Stderr, StringComparison.Ordinal);

        var example = await cluster.RunAsync("apply", "-f", Path.Combine(Tools.RepositoryRoot, "examples", "posturescan.yaml"));
        Assert.True(example.ExitCode == 0, example.Describe());
    }

    [Fact]
    public async Task The_example_exception_applies_and_lists_its_expiry_as_a_time()
    {
        await using var cluster = await InstalledAsync();
        await cluster.MustAsync("create", "namespace", "team-billing");
        await cluster.MustAsync("apply", "-f", Path.Combine(Tools.RepositoryRoot, "examples", "postureexception.yaml"));
        var list = await cluster.MustAsync("get", "pexc", "-n", "team-billing");
        Assert.Matches(@"NAME\s+READY\s+EXPIRES\s+MATCHED\s+OWNER\s+AGE", list.Stdout);
        Assert.Contains("2027-03-31T00:00:00Z", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<invalid>", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_service_account_can_do_exactly_what_the_chart_grants()
    {
        await using var cluster = await InstalledAsync();
        var token = cluster.Server.AddServiceAccountToken(RenderedChart.Namespace, "kubeposture");
        async Task<string> CanI(params string[] args)
        {
            var result = await cluster.RunAsync(token, ["auth", "can-i", .. args], TestContext.Current.CancellationToken);
            return result.Stdout.Trim();
        }

        Assert.Equal("yes", await CanI("list", "pods", "--all-namespaces"));
        Assert.Equal("yes", await CanI("watch", "clusterrolebindings.rbac.authorization.k8s.io"));
        Assert.Equal("no", await CanI("get", "configmaps/aws-auth", "-n", "kube-system"));
        Assert.Equal("yes", await CanI("create", "leases.coordination.k8s.io", "-n", RenderedChart.Namespace));
        Assert.Equal("yes", await CanI("update", "posturescans.kubeposture.io/status", "-n", "team-a"));
        Assert.Equal("no", await CanI("get", "pods", "-n", "team-a"));
        Assert.Equal("yes", await CanI("create", "events", "-n", "team-a"));
        Assert.Equal("no", await CanI("get", "secrets", "-n", "kube-system"));
        Assert.Equal("no", await CanI("list", "secrets", "--all-namespaces"));
        Assert.Equal("no", await CanI("get", "configmaps/coredns", "-n", "kube-system"));
        Assert.Equal("no", await CanI("list", "configmaps", "-n", "kube-system"));
        Assert.Equal("no", await CanI("create", "leases.coordination.k8s.io", "-n", "default"));
        Assert.Equal("no", await CanI("delete", "pods", "-n", "default"));
        Assert.Equal("no", await CanI("create", "posturescans.kubeposture.io", "-n", RenderedChart.Namespace));
        Assert.Equal("no", await CanI("create", "clusterrolebindings.rbac.authorization.k8s.io"));
    }

    [Fact]
    public async Task Namespace_viewers_and_editors_get_posture_objects_through_the_built_in_roles()
    {
        await using var cluster = await InstalledAsync();
        await cluster.MustAsync("create", "namespace", "team-a");
        await cluster.MustAsync("create", "rolebinding", "viewers", "--clusterrole=view", "--user=vera", "-n", "team-a");
        await cluster.MustAsync("create", "rolebinding", "editors", "--clusterrole=edit", "--user=ed", "-n", "team-a");
        var vera = cluster.Server.AddUserToken("vera");
        var ed = cluster.Server.AddUserToken("ed");
        async Task<string> CanI(string token, params string[] args) =>
            (await cluster.RunAsync(token, ["auth", "can-i", .. args], TestContext.Current.CancellationToken)).Stdout.Trim();

        Assert.Equal("yes", await CanI(vera, "list", "posturescans.kubeposture.io", "-n", "team-a"));
        Assert.Equal("no", await CanI(vera, "create", "posturescans.kubeposture.io", "-n", "team-a"));
        Assert.Equal("yes", await CanI(ed, "create", "postureexceptions.kubeposture.io", "-n", "team-a"));
        Assert.Equal("no", await CanI(ed, "create", "postureexceptions.kubeposture.io", "-n", RenderedChart.Namespace));
    }
}
