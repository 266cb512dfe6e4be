using KubePosture.Api;
using KubePosture.AwsEmulator;
using KubePosture.EndToEnd.Tests.Support;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Issue 19 real exposure through the operator host: its informers read an Ingress (with its status hostname) and the
/// Service and pod behind it from the Kubernetes emulator, the collector reads the demo account's ALBs, and the scan
/// reports the Ingress exposure, the chain to the vulnerable image and the storefront ALB's elb.* findings.
/// </summary>
public sealed class IngressExposureTests
{
    private const string Ns = TestCluster.ControlNamespace;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The demo nodes, a storefront pod running the vulnerable demo API digest, its ClusterIP Service and the Ingress the storefront ALB serves (no scheme annotation: only the ALB says internet-facing).</summary>
    private static string ClusterYaml() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "demo", "cluster", "10-nodes.yaml")) + """

        ---
        apiVersion: v1
        kind: Pod
        metadata: { name: storefront, namespace: shop, labels: { app: storefront } }
        spec:
          nodeName: ip-10-0-1-24.us-west-2.compute.internal
          containers:
            - name: web
              image: 111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.4.2
        status:
          phase: Running
          containerStatuses:
            - name: web
              ready: true
              image: 111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.4.2
              imageID: 111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api@sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: storefront, namespace: shop }
        spec:
          type: ClusterIP
          selector: { app: storefront }
          ports: [{ port: 80, targetPort: 8080 }]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: { name: storefront, namespace: shop }
        spec:
          ingressClassName: alb
          defaultBackend: { service: { name: storefront, port: { number: 80 } } }
        status:
          loadBalancer:
            ingress: [{ hostname: k8s-shop-storefro-0a1b2c3d4e-1234567890.us-west-2.elb.amazonaws.com }]
        """;

    [Fact]
    public async Task An_ingress_served_by_an_internet_facing_alb_exposes_its_vulnerable_workload_and_its_alb_is_assessed()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        await using var cluster = await TestCluster.StartAsync(ClusterYaml());
        await using var op = await OperatorInstance.StartAsync(cluster, configureServices: EmulatedAws.Services(aws, o =>
        {
            o.ClusterName = "demo";
            o.MaxRetries = 1;
        }));
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "exposure", s => s.Aws = new AwsSpec { Enabled = true }));
        var scan = await cluster.WaitForReadyAsync(Ns, "exposure");
        await op.WaitIdleAsync(cluster);

        var degraded = TestCluster.Condition(scan, ConditionTypes.Degraded)!;
        Assert.True(degraded.Status == "False", $"{degraded.Message}\n{op.Logs}");
        var m = await op.MetricsAsync();
        double Findings(string check) => m.Sum("kubeposture_findings", ("scan", "exposure"), ("check", check));
        Assert.Equal(1, Findings("svc.internet-exposed"));
        Assert.Equal(1, Findings("linked.exposed-vulnerable-image"));
        Assert.All(["elb.http-without-redirect", "elb.weak-tls-policy", "elb.no-waf", "elb.no-access-logs"], check => Assert.Equal(1, Findings(check)));
    }
}
