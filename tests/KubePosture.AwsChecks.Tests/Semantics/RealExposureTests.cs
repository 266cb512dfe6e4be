using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Linked;
using KubePosture.Checks.Catalog.Service;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Tests.Support;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;
using static KubePosture.AwsChecks.Tests.Support.ElbBuild;
using static KubePosture.Checks.Tests.Support.IngressBuild;

namespace KubePosture.AwsChecks.Tests.Semantics;

/// <summary>
/// The exposure model with the cluster's ELBv2 load balancers: a Service's or Ingress's load balancer, found by status
/// hostname or by the controllers' tags, decides by its real scheme; without it the annotations decide, and say so
/// when the ELBv2 read failed. svc.internet-exposed and linked.exposed-vulnerable-image read the same model.
/// </summary>
public class RealExposureTests
{
    private static readonly Dictionary<string, string> InternalAnnotation = new() { [LoadBalancerExposure.SchemeAnnotation] = "internal" };

    private static ClusterInventory Cluster(IEnumerable<Elbv2LoadBalancer> loadBalancers, IEnumerable<ServiceRecord> services, IngressRecord[]? ingresses = null,
        IEnumerable<AwsUnavailable>? unavailable = null, IEnumerable<EcrImageScan>? scans = null) =>
        Scan(Inventory(unavailable: unavailable, scans: scans) with { LoadBalancers = [.. loadBalancers] }, workloads: [RunningWorkload("web")], services: services)
            .WithIngresses(ingresses ?? []);

    private static ServiceRecord Svc(string type, IReadOnlyDictionary<string, string>? annotations = null, params string[] hostnames) =>
        Build.Service("team-a", "web", type, annotations: annotations) with { LoadBalancerHostnames = hostnames };

    [Fact]
    public void The_load_balancers_internet_facing_scheme_overrides_an_internal_annotation_and_the_finding_says_it_came_from_the_load_balancer()
    {
        var lb = LoadBalancer("k8s-teama-web-nlb", type: "network");
        var f = Run.FailsOnce<InternetExposedCheck>(Cluster([lb], [Svc("LoadBalancer", InternalAnnotation, lb.DnsName)]));
        Assert.Equal(new ResourceRef("v1", "Service", "team-a", "web"), f.Resource);
        Assert.Contains("(load balancer k8s-teama-web-nlb is internet-facing)", f.Message, StringComparison.Ordinal);
        Assert.Equal("k8s-teama-web-nlb", f.Details!["loadBalancer"]);
        Assert.StartsWith("the load balancer's scheme (internet-facing", f.Details["decidedBy"], StringComparison.Ordinal);

        // Matched by the controllers' tags when the status names no hostname.
        Assert.Equal("k8s-lbc", Run.FailsOnce<InternetExposedCheck>(Cluster([LoadBalancer("k8s-lbc", tags: Tags(Elbv2LoadBalancer.ServiceStackTag, "team-a/web"))],
            [Svc("LoadBalancer", InternalAnnotation)])).Details!["loadBalancer"]);
        Assert.Equal("a0123", Run.FailsOnce<InternetExposedCheck>(Cluster([LoadBalancer("a0123", tags: Tags(Elbv2LoadBalancer.InTreeServiceTag, "team-a/web"))],
            [Svc("LoadBalancer", InternalAnnotation)])).Details!["loadBalancer"]);
    }

    [Fact]
    public void An_ingress_whose_alb_is_internet_facing_is_exposed_whatever_its_annotations_say()
    {
        var lb = LoadBalancer("k8s-teama-web-alb");
        var byHostname = Run.FailsOnce<InternetExposedCheck>(Cluster([lb], [Svc("ClusterIP")], [Ingress(hostnames: [lb.DnsName])]));
        Assert.Equal(new ResourceRef("networking.k8s.io/v1", "Ingress", "team-a", "web"), byHostname.Resource);
        Assert.Contains("(load balancer k8s-teama-web-alb is internet-facing)", byHostname.Message, StringComparison.Ordinal);

        // The stack tag names the Ingress, or the Ingress group the Ingress joins; the class does not matter once the load balancer is known.
        Run.FailsOnce<InternetExposedCheck>(Cluster([LoadBalancer(tags: Tags(Elbv2LoadBalancer.IngressStackTag, "team-a/web"))], [Svc("ClusterIP")], [Ingress(className: "custom")]));
        Run.FailsOnce<InternetExposedCheck>(Cluster([LoadBalancer(tags: Tags(Elbv2LoadBalancer.IngressStackTag, "shared"))], [Svc("ClusterIP")], [Ingress(groupName: "shared")]));
    }

    [Fact]
    public void An_internal_load_balancer_is_not_exposed_whatever_the_annotations_say()
    {
        // In-tree defaults (no annotation) say internet-facing; the load balancer found by its service tag is internal.
        Run.Passes<InternetExposedCheck>(Cluster([LoadBalancer("k8s-internal", scheme: "internal", tags: Tags(Elbv2LoadBalancer.ServiceStackTag, "team-a/web"))], [Svc("LoadBalancer")]));
        // The Ingress says internet-facing; its load balancer (by status hostname) is internal.
        var lb = LoadBalancer("k8s-teama-web-alb", scheme: "internal");
        Run.Passes<InternetExposedCheck>(Cluster([lb], [Svc("ClusterIP")], [Ingress(scheme: "internet-facing", hostnames: [lb.DnsName])]));
        // A load balancer of another object does not decide for this one.
        Assert.DoesNotContain("loadBalancer", Run.FailsOnce<InternetExposedCheck>(Cluster([LoadBalancer(scheme: "internal", tags: Tags(Elbv2LoadBalancer.ServiceStackTag, "team-a/other"))],
            [Svc("LoadBalancer")])).Details!.Keys);
    }

    [Fact]
    public void When_elbv2_was_unavailable_the_annotations_decide_and_the_finding_says_annotations_only()
    {
        var f = Run.FailsOnce<InternetExposedCheck>(Cluster([], [Svc("LoadBalancer")], unavailable: [Denied("elasticloadbalancing:DescribeLoadBalancers")]));
        Assert.StartsWith("annotations only: aws:elasticloadbalancing unavailable", f.Details!["decidedBy"], StringComparison.Ordinal);
        var ingress = Run.FailsOnce<InternetExposedCheck>(Cluster([], [Svc("ClusterIP")], [Ingress(scheme: "internet-facing")], unavailable: [Unreachable(InventorySource.AwsElbv2)]));
        Assert.StartsWith("annotations only", ingress.Details!["decidedBy"], StringComparison.Ordinal);
        // NodePort needs no load balancer: nothing to say.
        Assert.False(Run.FailsOnce<InternetExposedCheck>(Cluster([], [Svc("NodePort")], unavailable: [Unreachable(InventorySource.AwsElbv2)])).Details!.ContainsKey("decidedBy"));
    }

    [Fact, Covers("linked.exposed-vulnerable-image", Outcome.Fail)]
    public void An_internet_facing_ingress_to_a_cluster_ip_service_to_a_vulnerable_deployment_is_one_chain()
    {
        var lb = LoadBalancer("k8s-teama-web-alb");
        var f = Run.FailsOnce<ExposedVulnerableImageCheck>(Cluster([lb], [Svc("ClusterIP")], [Ingress(hostnames: [lb.DnsName])], scans: [AwsBuild.Scan(findings: Vulnerability("CVE-2024-0001"))]));
        Assert.Equal("internet-facing ALB Ingress team-a/web", f.Details!["chain"].Split(" -> ")[0]);
        Assert.Equal(("Ingress team-a/web", "web", "k8s-teama-web-alb"), (f.Details["exposedBy"], f.Details["services"], f.Details["loadBalancer"]));
        // Decided from annotations alone, too.
        Run.FailsOnce<ExposedVulnerableImageCheck>(Cluster([], [Svc("ClusterIP")], [Ingress(scheme: "internet-facing")], scans: [AwsBuild.Scan(findings: Vulnerability("CVE-2024-0001"))]));
    }

    [Fact, Covers("linked.exposed-vulnerable-image", Outcome.Pass)]
    public void An_internal_alb_or_an_ingress_restricted_by_inbound_cidrs_breaks_the_chain()
    {
        var scans = new[] { AwsBuild.Scan(findings: Vulnerability("CVE-2024-0001")) };
        var lb = LoadBalancer("k8s-teama-web-alb", scheme: "internal");
        Run.Passes<ExposedVulnerableImageCheck>(Cluster([lb], [Svc("ClusterIP")], [Ingress(scheme: "internet-facing", hostnames: [lb.DnsName])], scans: scans));
        Run.Passes<ExposedVulnerableImageCheck>(Cluster([], [Svc("ClusterIP")], [Ingress(scheme: "internet-facing", inboundCidrs: "10.0.0.0/8")], scans: scans));
    }
}
