using k8s.Models;
using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Mapping;

/// <summary>Ingresses and IngressClasses to their slim records (only what the exposure model and the elb.* checks read).</summary>
internal static class IngressMapper
{
    public const string ClassAnnotation = "kubernetes.io/ingress.class";
    public const string DefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";
    public const string AlbAnnotationPrefix = "alb.ingress.kubernetes.io/";

    public static IngressRecord Map(V1Ingress ingress, StringPool pool)
    {
        var spec = ingress.Spec;
        string? className = spec?.IngressClassName;
        if (string.IsNullOrEmpty(className))
            ingress.Metadata?.Annotations?.TryGetValue(ClassAnnotation, out className);

        var backends = new List<IngressBackendRecord>();
        if (spec?.DefaultBackend?.Service is { } defaultService)
            backends.Add(Backend(null, null, defaultService, pool));
        foreach (var rule in spec?.Rules ?? [])
        {
            foreach (var path in rule.Http?.Paths ?? [])
            {
                if (path.Backend?.Service is { } service)
                    backends.Add(Backend(rule.Host, path.Path, service, pool));
            }
        }

        return new IngressRecord(
            pool.Intern(WorkloadMapper.NamespaceOf(ingress.Metadata)),
            pool.Intern(ingress.Metadata?.Name ?? ""),
            string.IsNullOrEmpty(className) ? null : pool.Intern(className),
            pool.Map(ingress.Metadata?.Annotations, k => k.StartsWith(AlbAnnotationPrefix, StringComparison.Ordinal)),
            backends.ToArray(),
            pool.List(spec?.Tls?.SelectMany(t => t.Hosts ?? [])),
            pool.List(ingress.Status?.LoadBalancer?.Ingress?.Select(i => i.Hostname)));
    }

    public static IngressClassRecord Map(V1IngressClass ingressClass, StringPool pool) => new(
        pool.Intern(ingressClass.Metadata?.Name ?? ""),
        pool.Intern(ingressClass.Spec?.Controller ?? ""),
        ingressClass.Metadata?.Annotations is { } annotations && annotations.TryGetValue(DefaultClassAnnotation, out var isDefault) && isDefault == "true");

    private static IngressBackendRecord Backend(string? host, string? path, V1IngressServiceBackend service, StringPool pool) => new(
        pool.InternOrNull(string.IsNullOrEmpty(host) ? null : host),
        pool.InternOrNull(path),
        pool.Intern(service.Name ?? ""),
        service.Port is { } port ? pool.Intern(port.Name ?? port.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "") : null);
}
