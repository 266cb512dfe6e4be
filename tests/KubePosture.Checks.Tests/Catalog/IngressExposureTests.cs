using KubePosture.Checks.Catalog.Service;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;
using static KubePosture.Checks.Tests.Support.IngressBuild;

namespace KubePosture.Checks.Tests.Catalog;

/// <summary>svc.internet-exposed through Ingresses, decided from annotations (no ELBv2 data): Ingress -> Service -> workload.</summary>
public class IngressExposureTests
{
    private static ClusterInventory Behind(params IngressRecord[] ingresses) =>
        Cluster([Workload()], services: [Service("team-a", "web", "ClusterIP")]).WithIngresses(ingresses);

    [Fact]
    [Covers("svc.internet-exposed", Outcome.Fail)]
    public void An_internet_facing_alb_ingress_to_a_cluster_ip_service_exposes_its_workload_and_the_finding_is_on_the_ingress()
    {
        var f = Run.FailsOnce<InternetExposedCheck>(Behind(Ingress(scheme: "internet-facing")));
        Assert.Equal(new ResourceRef("networking.k8s.io/v1", "Ingress", "team-a", "web"), f.Resource);
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Equal("Ingress team-a/web is served by an internet-facing Application Load Balancer (alb.ingress.kubernetes.io/scheme: internet-facing) reachable from anywhere, routing to Service web in front of Deployment web", f.Message);
        Assert.Equal(("Ingress", "web", "Deployment web"), (f.Details!["type"], f.Details["services"], f.Details["workloads"]));
        Assert.False(f.Details.ContainsKey("decidedBy"));
    }

    [Fact]
    [Covers("svc.internet-exposed", Outcome.Fail)]
    public void An_ingress_class_of_the_aws_load_balancer_controller_or_the_default_one_counts_as_alb_and_inbound_cidrs_lower_to_low()
    {
        var custom = Behind(Ingress(name: "custom", className: "public", scheme: "internet-facing")).WithIngressClasses(Class("public"));
        Assert.Equal("custom", Run.FailsOnce<InternetExposedCheck>(custom).Resource.Name);
        var byDefault = Behind(Ingress(name: "unnamed", className: null, scheme: "internet-facing")).WithIngressClasses(Class("public", isDefault: true));
        Assert.Equal("unnamed", Run.FailsOnce<InternetExposedCheck>(byDefault).Resource.Name);
        var ranged = Run.FailsOnce<InternetExposedCheck>(Behind(Ingress(scheme: "internet-facing", inboundCidrs: "203.0.113.0/24, 198.51.100.0/24")));
        Assert.Equal(Severity.Low, ranged.Severity);
        Assert.Contains("reachable from 203.0.113.0/24, 198.51.100.0/24", ranged.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Medium, Run.FailsOnce<InternetExposedCheck>(Behind(Ingress(scheme: "internet-facing", inboundCidrs: "10.0.0.0/8,0.0.0.0/0"))).Severity);
    }

    [Fact]
    [Covers("svc.internet-exposed", Outcome.Pass)]
    public void Internal_by_default_other_controllers_and_ingresses_reaching_no_workload_pass()
    {
        // The AWS Load Balancer Controller makes internal ALBs unless told otherwise.
        Run.Passes<InternetExposedCheck>(Behind(Ingress(), Ingress(name: "explicit", scheme: "internal")));
        // Another controller's class (its own LoadBalancer Service is what exposes it), or a class named alb that is not the ALB controller's.
        Run.Passes<InternetExposedCheck>(Behind(Ingress(className: "nginx", scheme: "internet-facing"), Ingress(name: "none", className: null, scheme: "internet-facing")));
        Run.Passes<InternetExposedCheck>(Behind(Ingress(scheme: "internet-facing")).WithIngressClasses(Class("alb", controller: "k8s.io/ingress-nginx")));
        // Backends that are missing or select nothing.
        Run.Passes<InternetExposedCheck>(Behind(Ingress(scheme: "internet-facing", services: ["missing"])));
        Run.Passes<InternetExposedCheck>(Cluster([Workload()], services: [Service("team-a", "web", "ClusterIP", selector: new Dictionary<string, string> { ["app"] = "other" })])
            .WithIngresses(Ingress(scheme: "internet-facing")));
        // A Service of another namespace with the backend's name.
        Run.Passes<InternetExposedCheck>(Behind(Ingress(ns: "team-b", scheme: "internet-facing")));
    }

    [Fact]
    [Covers("svc.internet-exposed", Outcome.Fail)]
    public void Without_the_ingress_classes_an_ingress_with_alb_annotations_counts_as_alb_and_one_without_does_not()
    {
        var tenant = Behind(Ingress(name: "custom", className: "public-alb", scheme: "internet-facing"), Ingress(name: "nginx", className: "nginx")) with
        {
            UnavailableSources = new Dictionary<string, SourceProblem> { [InventorySource.IngressClasses] = SourceProblem.OutOfTenantScope },
        };
        Assert.Equal("custom", Run.FailsOnce<InternetExposedCheck>(tenant).Resource.Name);
        // With the classes read, the unknown class decides: not the ALB controller's.
        Run.Passes<InternetExposedCheck>(Behind(Ingress(name: "custom", className: "public-alb", scheme: "internet-facing")).WithIngressClasses(Class("public-alb", controller: "example.com/other")));
    }

    [Fact]
    [Covers("svc.internet-exposed", Outcome.Fail)]
    public void An_ingress_names_each_workload_once_when_several_backends_select_it_and_a_backend_that_is_a_node_port_has_its_own_path()
    {
        var selectsWeb = new Dictionary<string, string> { ["app"] = "web" };
        var inventory = Cluster(
                [Workload(), Workload(name: "worker", podLabels: selectsWeb)],
                services: [Service("team-a", "web", "NodePort"), Service("team-a", "web-alt", "ClusterIP", selector: selectsWeb)])
            .WithIngresses(Ingress(scheme: "internet-facing", services: ["web", "web-alt", "web"]));
        var findings = Run.Check<InternetExposedCheck>(inventory);
        Assert.Equal(["NodePort", "Ingress"], findings.Select(f => f.Details!["type"]));
        Assert.All(findings, f => Assert.Equal("Deployment web, Deployment worker", f.Details!["workloads"]));
        Assert.Equal("web,web-alt", findings[1].Details!["services"]);
    }

    [Fact]
    public void An_unreadable_ingress_source_makes_the_exposure_checks_not_evaluated()
    {
        var inventory = Behind(Ingress(scheme: "internet-facing")) with
        {
            UnavailableSources = new Dictionary<string, SourceProblem> { [InventorySource.Ingresses] = SourceProblem.Forbidden("ingresses is forbidden") },
        };
        var result = CheckEngine.Run([new InternetExposedCheck()], inventory, CheckSelection.All);
        Assert.Empty(result.Findings);
        Assert.Contains(InventorySource.Ingresses, result.ChecksNotEvaluated["svc.internet-exposed"], StringComparison.Ordinal);
    }
}
