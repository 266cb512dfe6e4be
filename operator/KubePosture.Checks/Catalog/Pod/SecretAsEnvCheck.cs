using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class SecretAsEnvCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.secret-as-env",
        Title: "Secret exposed as environment variables",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Low,
        Description: "A container that reads a Secret through env[].valueFrom.secretKeyRef or envFrom[].secretRef holds it in its environment: "
            + "child processes inherit it, crash reports and debug endpoints print it, and kubectl describe shows where it comes from. "
            + "A Secret mounted as a file can be read-only, scoped to one path and updated without a restart. "
            + "CIS EKS 4.4.1 asks for files over environment variables. A literal secret-like value is pod.secrets-in-env (worse, and reported there).",
        Remediation: "Mount the Secret as a volume (readOnly: true) and have the application read the file, or fetch it at start-up from AWS Secrets Manager through the Secrets Store CSI Driver.",
        References: ["CIS EKS Benchmark 4.4.1", "Kubernetes, Good practices for Kubernetes Secrets: https://kubernetes.io/docs/concepts/security/secrets-good-practices/"],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                // Most containers read none: no list unless one does.
                List<string>? secrets = null;
                List<string>? variables = null;
                foreach (var e in c.Env)
                {
                    if (e.SecretName is not { } secret)
                        continue;
                    (variables ??= []).Add(e.Name);
                    if (secrets?.Contains(secret, StringComparer.Ordinal) != true)
                        (secrets ??= []).Add(secret);
                }

                foreach (var secret in c.EnvFromSecrets)
                {
                    if (secrets?.Contains(secret, StringComparer.Ordinal) != true)
                        (secrets ??= []).Add(secret);
                }

                if (secrets is null)
                    continue;
                var field = variables is { Count: > 0 } ? $"env[name={variables[0]}].valueFrom.secretKeyRef" : "envFrom[].secretRef";
                var how = (variables?.Count ?? 0, c.EnvFromSecrets.Count) switch
                {
                    (> 0, > 0) => $"{ListText.FirstFew(variables!, 5)} and envFrom",
                    (> 0, _) => ListText.FirstFew(variables!, 5),
                    _ => "envFrom",
                };
                var details = new Dictionary<string, string> { ["secrets"] = string.Join(",", secrets) };
                if (variables is not null)
                    details["variables"] = string.Join(",", variables);
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, field,
                    $"reads Secret{(secrets.Count == 1 ? "" : "s")} {ListText.FirstFew(secrets, 5)} as environment variables ({how})", details);
            }
        }
    }
}
