using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class SecretsInEnvCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.secrets-in-env",
        Title: "Secret-like environment variable set literally",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Medium,
        Description: "A literal env value under a name such as PASSWORD or API_KEY puts a credential in the workload manifest, where anyone who can read the workload (or its Git repository) sees it. valueFrom a Secret is fine.",
        Remediation: "Move the value into a Secret and reference it with env[].valueFrom.secretKeyRef (or mount the Secret as a file).",
        References: ["CIS EKS Benchmark 4.4.1", "EKS Best Practices, Data encryption and secrets management: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html"],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                // Most containers set none: no list (nor LINQ pipeline) per container unless one matches.
                List<string>? found = null;
                foreach (var e in c.Env)
                {
                    if (e.HasLiteralValue && SecretLikeNames.IsSecretLike(e.Name) && found?.Contains(e.Name, StringComparer.Ordinal) != true)
                        (found ??= []).Add(e.Name);
                }

                if (found is not { } names)
                    continue;
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, $"env[name={names[0]}].value",
                    $"sets secret-like environment variables as literal values: {string.Join(", ", names)}",
                    new Dictionary<string, string> { ["variables"] = string.Join(",", names) });
            }
        }
    }
}
