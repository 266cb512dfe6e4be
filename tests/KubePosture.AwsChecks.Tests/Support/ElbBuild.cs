using KubePosture.Checks.Aws;

namespace KubePosture.AwsChecks.Tests.Support;

/// <summary>
/// Test-side builders of ELBv2 load balancers. Defaults are a hardened internet-facing ALB of the demo cluster: HTTP:80
/// redirecting to HTTPS:443, HTTPS on a TLS 1.2+ policy, a WAF web ACL, access logs on.
/// </summary>
public static class ElbBuild
{
    public const string Tls13Policy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    public const string WebAcl = "arn:aws:wafv2:us-west-2:111122223333:regional/webacl/web/0a1b2c3d-0000-4000-8000-000000000009";

    public static string DnsName(string name) => $"{name}-1234567890.{AwsBuild.Region}.elb.amazonaws.com";

    public static Elbv2LoadBalancer LoadBalancer(
        string name = "k8s-teama-web-0123456789",
        string scheme = "internet-facing",
        string type = "application",
        IReadOnlyDictionary<string, string>? tags = null,
        IReadOnlyList<Elbv2Listener>? listeners = null,
        bool accessLogs = true,
        string? webAcl = WebAcl,
        string? dnsName = null) =>
        new($"arn:aws:elasticloadbalancing:{AwsBuild.Region}:{AwsBuild.Account}:loadbalancer/{(type == "network" ? "net" : "app")}/{name}/50dc6c495c0c9188",
            name, dnsName ?? DnsName(name), type, scheme, "vpc-0demo",
            tags ?? new Dictionary<string, string> { [Elbv2LoadBalancer.ClusterTag] = AwsBuild.ClusterName },
            listeners ?? [RedirectToHttps(), Https()],
            new Dictionary<string, string> { ["access_logs.s3.enabled"] = accessLogs ? "true" : "false", ["deletion_protection.enabled"] = "false" },
            webAcl);

    public static Elbv2Listener RedirectToHttps(int port = 80) =>
        new($"arn:listener/{port}", port, "HTTP", null, [], [new Elbv2Action("redirect", "HTTPS", "443")]);

    public static Elbv2Listener Forward(int port = 80, string protocol = "HTTP") =>
        new($"arn:listener/{port}", port, protocol, null, [], [new Elbv2Action("forward", null, null)]);

    public static Elbv2Listener Https(string policy = Tls13Policy, int port = 443, string protocol = "HTTPS") =>
        new($"arn:listener/{port}", port, protocol, policy, [$"arn:aws:acm:{AwsBuild.Region}:{AwsBuild.Account}:certificate/0a1b"], [new Elbv2Action("forward", null, null)]);

    public static Dictionary<string, string> Tags(string tag, string value) =>
        new() { [Elbv2LoadBalancer.ClusterTag] = AwsBuild.ClusterName, [tag] = value };
}
