using System.Text.RegularExpressions;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Elb;

public sealed partial class WeakTlsPolicyCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "elb.weak-tls-policy",
        Title: "Load balancer listener allows TLS older than 1.2",
        Category: CheckCategory.Elb,
        DefaultSeverity: Severity.Medium,
        Description: "An HTTPS or TLS listener of one of the cluster's load balancers uses a security policy that accepts TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, the controllers' long-standing default, ELBSecurityPolicy-TLS-1-1-*, ELBSecurityPolicy-TLS13-1-0-*/1-1-*, ...): clients can be downgraded to protocols with known weaknesses (BEAST, POODLE-style attacks, SHA-1 and CBC suites) that PCI DSS and most baselines forbid. Only ELBSecurityPolicy-TLS13-1-2/1-3-*, ELBSecurityPolicy-TLS-1-2-* and ELBSecurityPolicy-FS-1-2-* require TLS 1.2 or later; any other policy is reported with the oldest version it allows, or as not known to require TLS 1.2. Low on an internal load balancer.",
        Remediation: "Set the listener's policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or a FIPS/PQ variant of it): on an Ingress alb.ingress.kubernetes.io/ssl-policy, on a Service service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy, or aws elbv2 modify-listener --ssl-policy.",
        References: [References.EksNetwork, "AWS Security Hub ELB.17", "CIS EKS Benchmark 5.4.5", "ELB security policies: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"],
        Sources: [.. LoadBalancerFindings.Sources, "elasticloadbalancing:DescribeListeners"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var lb in aws.LoadBalancers)
        {
            foreach (var listener in lb.Listeners.Where(l => l.Protocol is "HTTPS" or "TLS"))
            {
                if (Weakness(listener.SslPolicy) is not { } why) continue;
                var severity = lb.InternetFacing ? Descriptor.DefaultSeverity : Severity.Low;
                yield return LoadBalancerFindings.Finding(Descriptor, severity, inventory, lb,
                    $"has a {listener.Protocol} listener on port {listener.Port} with security policy {listener.SslPolicy ?? "(none)"}, which {why}",
                    ("listenerArn", listener.Arn), ("port", listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("sslPolicy", listener.SslPolicy ?? ""));
            }
        }
    }

    /// <summary>Why a security policy is weak, or null when it requires TLS 1.2 or later.</summary>
    public static string? Weakness(string? policy)
    {
        if (string.IsNullOrEmpty(policy))
            return "is not set, so the oldest TLS version it allows is unknown";
        var match = MinimumVersion().Match(policy);
        if (match.Success)
        {
            var minor = int.Parse(match.Groups["minor"].Value, System.Globalization.CultureInfo.InvariantCulture);
            return minor >= 2 ? null : $"allows TLS 1.{minor}";
        }

        return LegacyPolicies.Contains(policy) ? "allows TLS 1.0" : "is not a policy known to require TLS 1.2 or later";
    }

    /// <summary>The predefined policies without a version in their name: all of them accept TLS 1.0.</summary>
    private static readonly HashSet<string> LegacyPolicies = new(StringComparer.Ordinal)
    {
        "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-TLS-1-0-2015-04",
    };

    /// <summary>ELBSecurityPolicy-TLS13-1-X-..., ELBSecurityPolicy-TLS-1-X-..., ELBSecurityPolicy-FS-1-X-...: X is the oldest TLS 1.x allowed.</summary>
    [GeneratedRegex(@"^ELBSecurityPolicy-(?:TLS13|TLS|FS)-1-(?<minor>[0-3])-")]
    private static partial Regex MinimumVersion();
}
