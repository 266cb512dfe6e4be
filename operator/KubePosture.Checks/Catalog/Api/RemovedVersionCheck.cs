using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Api;

public sealed class RemovedVersionCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "api.removed-version",
        Title: "Manifest uses an API version Kubernetes removed",
        Category: CheckCategory.Api,
        DefaultSeverity: Severity.Medium,
        Description: "The object is written in an API version no supported Kubernetes serves (extensions/v1beta1, apps/v1beta1 and v1beta2 workloads, rbac.authorization.k8s.io/v1beta1, batch/v1beta1 CronJob): applying it fails, which blocks an EKS upgrade or a redeploy. Offline scans read such objects as their replacement version and assess them like it, so their other findings are reported too; this finding names the replacement and the release that removed the version. A cluster serves no removed version, so in-cluster scans never report it.",
        Remediation: "Change apiVersion to the replacement named in the finding (kubectl convert or pluto can rewrite manifests; for extensions/v1beta1 and apps/v1beta* workloads also add spec.selector, which apps/v1 requires).",
        References: ["Kubernetes deprecated API migration guide: https://kubernetes.io/docs/reference/using-api/deprecation-guide/", "EKS Kubernetes version lifecycle: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html"],
        Sources: [.. InventorySource.Workloads, .. InventorySource.Rbac, InventorySource.NetworkPolicies],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var o in inventory.RemovedApiObjects)
        {
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, o.Resource,
                $"{o.Resource.Kind} {o.Resource.Name} is written as {o.Resource.ApiVersion}, which Kubernetes {o.RemovedIn} removed; use {o.ReplacementApiVersion}",
                new Dictionary<string, string>
                {
                    ["apiVersion"] = o.Resource.ApiVersion,
                    ["replacementApiVersion"] = o.ReplacementApiVersion,
                    ["removedIn"] = o.RemovedIn,
                });
        }
    }
}
