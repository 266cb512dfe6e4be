namespace KubePosture.Chart.Tests;

public class DeploymentTests
{
    [Fact]
    public async Task The_operator_runs_with_leader_election_in_the_release_namespace()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults, "extraArgs={--max-concurrent-scans=2}");
        var container = ChartInvariantTests.Container(chart);
        Assert.Equal(
            ["run", "--leader-elect", "--control-namespace", RenderedChart.Namespace, "--metrics-bind-address", ":8080", "--health-probe-bind-address", ":8081", "--max-concurrent-scans=2"],
            container.Strings("args"));
        Assert.Equal("ghcr.io/kubeposture/kubeposture:0.1.0", container.Str("image"));
        var pod = chart.Single("Deployment").Spec.Map("template").Map("spec");
        Assert.Equal(chart.Single("ServiceAccount").Name, pod.Str("serviceAccountName"));
    }

    [Fact]
    public async Task Probes_and_ports_match_the_operator_endpoints()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults);
        var container = ChartInvariantTests.Container(chart);
        var ports = container.Maps("ports").ToDictionary(p => p.Str("name")!, p => p.Str("containerPort"));
        Assert.Equal("8080", ports["metrics"]);
        Assert.Equal("8081", ports["health"]);
        Assert.Equal(("/healthz", "health"), (container.Map("livenessProbe").Map("httpGet").Str("path"), container.Map("livenessProbe").Map("httpGet").Str("port")));
        Assert.Equal(("/readyz", "health"), (container.Map("readinessProbe").Map("httpGet").Str("path"), container.Map("readinessProbe").Map("httpGet").Str("port")));
        Assert.Equal("/healthz", container.Map("startupProbe").Map("httpGet").Str("path"));

        var moved = ChartInvariantTests.Container(await Scenarios.RenderAsync(Scenarios.Defaults, "metrics.port=9090", "healthPort=9091"));
        Assert.Contains(":9090", moved.Strings("args"));
        Assert.Contains(":9091", moved.Strings("args"));
        Assert.Equal(["9090", "9091"], moved.Maps("ports").Select(p => p.Str("containerPort")));

        var service = chart.Single("Service");
        Assert.Equal("kubeposture-metrics", service.Name);
        var servicePort = Assert.Single(service.Spec.Maps("ports"));
        Assert.Equal(("metrics", "8080", "metrics"), (servicePort.Str("name"), servicePort.Str("port"), servicePort.Str("targetPort")));
        var podLabels = chart.Single("Deployment").Spec.Map("template").Map("metadata").StringMap("labels");
        Assert.All(service.Spec.StringMap("selector"), kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
    }

    [Fact]
    public async Task Digest_pins_the_image()
    {
        var digest = "sha256:" + new string('a', 64);
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults, $"image.digest={digest}");
        Assert.Equal($"ghcr.io/kubeposture/kubeposture@{digest}", ChartInvariantTests.Container(chart).Str("image"));
    }

    [Fact]
    public async Task High_availability_runs_two_replicas_spread_with_a_disruption_budget()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.HighAvailability);
        var deployment = chart.Single("Deployment");
        Assert.Equal("2", deployment.Spec.Str("replicas"));
        Assert.Equal("0", deployment.Spec.Map("strategy").Map("rollingUpdate").Str("maxUnavailable"));
        var spread = deployment.Spec.Map("template").Map("spec").Maps("topologySpreadConstraints");
        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], spread.Select(s => s.Str("topologyKey")));

        var pdb = chart.Single("PodDisruptionBudget");
        Assert.Equal("1", pdb.Spec.Str("maxUnavailable"));
        var podLabels = deployment.Spec.Map("template").Map("metadata").StringMap("labels");
        Assert.All(pdb.Spec.Map("selector").StringMap("matchLabels"), kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
        Assert.Equal("512Mi", ChartInvariantTests.Container(chart).Map("resources").Map("requests").Str("memory"));
    }

    [Fact]
    public async Task The_network_policy_admits_scrapes_and_probes_and_lets_out_only_dns_and_https()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults);
        var policy = chart.Single("NetworkPolicy");
        Assert.Equal(["Ingress", "Egress"], policy.Spec.Strings("policyTypes"));
        var ingressPorts = policy.Spec.Maps("ingress").SelectMany(r => r.Maps("ports")).Select(p => p.Str("port")).ToList();
        Assert.Equal(["metrics"], ingressPorts);
        var scraper = Assert.Single(Assert.Single(policy.Spec.Maps("ingress")).Maps("from"));
        Assert.Equal("prometheus", scraper.Map("podSelector").StringMap("matchLabels")["app.kubernetes.io/name"]);
        var egressPorts = policy.Spec.Maps("egress").SelectMany(r => r.Maps("ports")).Select(p => $"{p.Str("protocol")}/{p.Str("port")}").ToList();
        Assert.Equal(["UDP/53", "TCP/53", "TCP/443", "TCP/6443"], egressPorts);

        var disabled = await Scenarios.RenderAsync(Scenarios.Defaults, "networkPolicy.enabled=false");
        Assert.Empty(disabled.OfKind("NetworkPolicy"));
    }
}
