using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.NetworkPolicy;

public sealed class ImdsReachableCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "netpol.imds-reachable",
        Title: "Pods can reach the instance metadata service",
        Category: CheckCategory.NetworkPolicy,
        DefaultSeverity: Severity.High,
        Description: "A pod that is not egress-isolated from 169.254.169.254 can obtain the node role's credentials when the node's IMDS hop limit is above 1 (node.imds-hop-limit reports that from EC2); hostNetwork pods reach IMDS whatever the hop limit. System namespaces (node agents) are skipped unless the scan includes them. A pod is blocked only when a policy selects it for Egress and no egress rule allows 169.254.169.254 on TCP 80.",
        Remediation: "Add an egress NetworkPolicy that selects the pods and allows only the destinations they need (an ipBlock with except: [169.254.169.254/32]), set the IMDS hop limit to 1, and give workloads IRSA or Pod Identity credentials.",
        References: [References.EksNetwork, "EKS Best Practices, Restrict access to the instance profile: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html"],
        Sources: [InventorySource.NetworkPolicies, .. InventorySource.Workloads]);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory) => NetworkPolicyEnforcement.Annotate(inventory, Find(inventory));

    private IEnumerable<Finding> Find(ClusterInventory inventory)
    {
        var index = NetworkPolicyIndex.For(inventory);
        foreach (var w in inventory.Workloads)
        {
            if (!inventory.Scope.IncludesSystemNamespaces && SystemNamespaces.IsSystem(w.Namespace))
                continue;
            if (w.Spec.HostNetwork)
            {
                yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "hostNetwork",
                    "runs in the node's network namespace (hostNetwork: true) and reaches the instance metadata service 169.254.169.254 whatever the hop limit and NetworkPolicy");
                continue;
            }

            var isolated = false;
            (NetworkPolicyRecord? p, int i) allowing = (null, -1);
            foreach (var policy in index.Selecting(w))
            {
                if (!policy.AffectsEgress)
                    continue;
                isolated = true;
                if (index.FirstEgressRuleAllowing(policy, Imds, 80) is var rule and >= 0)
                {
                    allowing = (policy, rule);
                    break;
                }
            }

            if (!isolated)
            {
                yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "metadata.labels",
                    $"is not selected by any egress NetworkPolicy in namespace {w.Namespace}, so it can reach the instance metadata service 169.254.169.254 when the node's IMDS hop limit allows");
                continue;
            }

            if (allowing.p is null)
                continue;
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "metadata.labels",
                $"NetworkPolicy {allowing.p.Namespace}/{allowing.p.Name} spec.egress[{allowing.i}] allows 169.254.169.254 (the instance metadata service)",
                new Dictionary<string, string> { ["networkPolicy"] = allowing.p.Name, ["egressRule"] = allowing.i.ToString() });
        }
    }

    private static readonly System.Net.IPAddress Imds = System.Net.IPAddress.Parse("169.254.169.254");
}
