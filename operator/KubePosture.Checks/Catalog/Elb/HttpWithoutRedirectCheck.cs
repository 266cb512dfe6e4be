using KubePosture.Checks.Aws;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Elb;

public sealed class HttpWithoutRedirectCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "elb.http-without-redirect",
        Title: "Internet-facing load balancer serves plain HTTP without redirecting to HTTPS",
        Category: CheckCategory.Elb,
        DefaultSeverity: Severity.Medium,
        Description: "An HTTP listener of an internet-facing Application Load Balancer of the cluster whose default action is not a redirect to HTTPS forwards (or answers) requests in clear text: credentials, cookies and data cross the internet unencrypted and can be read or changed on the way. One finding per listener, naming the Ingress or Service the load balancer serves.",
        Remediation: "Redirect HTTP to HTTPS: on an Ingress of the AWS Load Balancer Controller set alb.ingress.kubernetes.io/ssl-redirect: \"443\" (with listen-ports including HTTPS:443 and a certificate-arn), or change the listener's default action to redirect with protocol HTTPS and status HTTP_301.",
        References: [References.EksNetwork, "AWS Security Hub ELB.1", "CIS EKS Benchmark 5.4.5", "ALB HTTP listeners: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html"],
        Sources: [.. LoadBalancerFindings.Sources, "elasticloadbalancing:DescribeListeners"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var lb in aws.LoadBalancers.Where(lb => lb.IsApplication && lb.InternetFacing))
        {
            foreach (var listener in lb.Listeners.Where(l => l.Protocol == "HTTP"))
            {
                if (listener.DefaultActions.Any(RedirectsToHttps)) continue;
                var action = listener.DefaultActions.Count == 0 ? "none" : string.Join(", ", listener.DefaultActions.Select(a => a.Type));
                yield return LoadBalancerFindings.Finding(Descriptor, Descriptor.DefaultSeverity, inventory, lb,
                    $"has an HTTP listener on port {listener.Port} whose default action ({action}) is not a redirect to HTTPS",
                    ("listenerArn", listener.Arn), ("port", listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("defaultAction", action));
            }
        }
    }

    private static bool RedirectsToHttps(Elbv2Action action) =>
        action.Type == "redirect" && string.Equals(action.RedirectProtocol, "HTTPS", StringComparison.OrdinalIgnoreCase);
}
