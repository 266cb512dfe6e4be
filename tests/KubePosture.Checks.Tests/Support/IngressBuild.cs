using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Tests.Support;

/// <summary>Test-side builders of Ingresses and IngressClasses; defaults are an ALB Ingress (class alb) with no annotations (internal).</summary>
public static class IngressBuild
{
    public static IngressRecord Ingress(
        string ns = "team-a",
        string name = "web",
        string? className = InternetExposure.AlbIngressClass,
        string? scheme = null,
        string? inboundCidrs = null,
        IReadOnlyList<string>? services = null,
        IReadOnlyList<string>? hostnames = null,
        string? groupName = null)
    {
        var annotations = new Dictionary<string, string>();
        if (scheme is not null) annotations[InternetExposure.IngressSchemeAnnotation] = scheme;
        if (inboundCidrs is not null) annotations[InternetExposure.InboundCidrsAnnotation] = inboundCidrs;
        if (groupName is not null) annotations[LoadBalancerMatch.GroupNameAnnotation] = groupName;
        return new IngressRecord(ns, name, className, annotations,
            [.. (services ?? ["web"]).Select(s => new IngressBackendRecord("shop.example.com", "/", s, "80"))], [], hostnames ?? []);
    }

    public static IngressClassRecord Class(string name, string controller = InternetExposure.AlbController, bool isDefault = false) =>
        new(name, controller, isDefault);

    public static ClusterInventory WithIngresses(this ClusterInventory inventory, params IngressRecord[] ingresses) =>
        inventory with { Ingresses = ingresses };

    public static ClusterInventory WithIngressClasses(this ClusterInventory inventory, params IngressClassRecord[] classes) =>
        inventory with { IngressClasses = classes };
}
