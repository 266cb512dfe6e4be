using k8s.Models;
using KubePosture.Checks.Inventory;
using static KubePosture.Inventory.Tests.Objects;
using static KubePosture.Inventory.Tests.Store.WorkloadFoldingTests;

namespace KubePosture.Inventory.Tests.Store;

/// <summary>Ingresses, IngressClasses and Service load balancer status as the exposure model reads them, through the store.</summary>
public class IngressMappingTests
{
    [Fact]
    public void An_ingress_keeps_its_class_alb_annotations_every_service_backend_tls_hosts_and_status_hostnames()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1Ingress>("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: storefront
              namespace: shop
              annotations: {alb.ingress.kubernetes.io/scheme: internet-facing, kubectl.kubernetes.io/last-applied-configuration: "{}"}
            spec:
              ingressClassName: alb
              defaultBackend: {service: {name: fallback, port: {number: 80}}}
              tls: [{hosts: [shop.example.com, www.example.com]}]
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
                  - {path: /static, pathType: Prefix, backend: {resource: {apiGroup: s3.example.com, kind: Bucket, name: assets}}}
            status:
              loadBalancer:
                ingress: [{hostname: k8s-shop-storefro-0a1b2c3d4e-1234567890.us-west-2.elb.amazonaws.com}]
            """));
        var ingress = Assert.Single(Snap(store, ClusterScope("shop")).Ingresses);
        Assert.Equal(("shop", "storefront", "alb"), (ingress.Namespace, ingress.Name, ingress.IngressClassName));
        Assert.Equal(["alb.ingress.kubernetes.io/scheme"], ingress.Annotations.Keys);
        Assert.Equal(
            [new IngressBackendRecord(null, null, "fallback", "80"), new IngressBackendRecord("shop.example.com", "/", "web", "http")],
            ingress.Backends);
        Assert.Equal(["shop.example.com", "www.example.com"], ingress.TlsHosts);
        Assert.Equal(["k8s-shop-storefro-0a1b2c3d4e-1234567890.us-west-2.elb.amazonaws.com"], ingress.LoadBalancerHostnames);
    }

    [Fact]
    public void The_class_annotation_names_the_class_when_spec_ingress_class_name_is_unset()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1Ingress>("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a, namespace: n, annotations: {kubernetes.io/ingress.class: alb}}\nspec: {}\n"));
        store.Upsert(Yaml<V1Ingress>("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: b, namespace: n}\nspec: {}\n"));
        var ingresses = Snap(store, ClusterScope("n")).Ingresses;
        Assert.Equal(["alb", null], ingresses.Select(i => i.IngressClassName));
        Assert.All(ingresses, i => Assert.Empty(i.Backends));
    }

    [Fact]
    public void An_ingress_class_keeps_its_controller_and_default_marker_and_tenants_do_not_see_it()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1IngressClass>("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb, annotations: {ingressclass.kubernetes.io/is-default-class: \"true\"}}\nspec: {controller: ingress.k8s.aws/alb}\n"));
        var ingressClass = Assert.Single(Snap(store, ClusterScope("n")).IngressClasses);
        Assert.Equal(("alb", "ingress.k8s.aws/alb", true), (ingressClass.Name, ingressClass.Controller, ingressClass.IsDefault));
        var tenant = Snap(store, new InventoryScope(new HashSet<string> { "n" }, false, false, true));
        Assert.Empty(tenant.IngressClasses);
        Assert.True(tenant.UnavailableSources.ContainsKey(InventorySource.IngressClasses));
    }

    [Fact]
    public void A_load_balancer_service_keeps_its_status_hostnames()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1Service>("apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: api}}\nstatus: {loadBalancer: {ingress: [{hostname: a.elb.amazonaws.com}, {ip: 10.0.0.1}]}}\n"));
        Assert.Equal(["a.elb.amazonaws.com"], Assert.Single(Snap(store, ClusterScope("shop")).Services).LoadBalancerHostnames);
    }
}
