using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class AwsAuthMastersCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.aws-auth-masters",
        Title: "aws-auth maps IAM principals to system:masters",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.Critical,
        Description: "A mapRoles or mapUsers entry in kube-system/aws-auth with the system:masters group makes that IAM principal cluster-admin, unrevocable through RBAC and invisible to it (Critical). Mapping IAM users at all ties cluster access to long-lived credentials (Medium). A mapRoles, mapUsers or mapAccounts key that cannot be read is reported too (High): the authenticator may still honour parts of it, including system:masters mappings no scan can see.",
        Remediation: "Remove system:masters from the entry's groups and bind a scoped Role instead; map IAM roles rather than users, and migrate to EKS access entries (authenticationMode API).",
        References: ["CIS EKS Benchmark 4.1.1", References.EksIdentity, "Amazon EKS access entries: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html"],
        Sources: [InventorySource.ConfigMapAwsAuth],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.AwsAuth is not { } awsAuth)
            yield break;
        var configMap = new ResourceRef("v1", "ConfigMap", "kube-system", "aws-auth");
        foreach (var error in awsAuth.ParseErrors)
        {
            yield return new Finding(Descriptor.Id, Severity.High, configMap,
                $"aws-auth could not be read completely ({error}): aws-iam-authenticator may still honour parts of it, including system:masters mappings this scan cannot see; fix the YAML",
                new Dictionary<string, string> { ["parseError"] = error });
        }

        foreach (var (key, mappings) in new[] { ("mapRoles", awsAuth.MapRoles), ("mapUsers", awsAuth.MapUsers) })
        {
            foreach (var m in mappings)
            {
                var details = new Dictionary<string, string>
                {
                    ["key"] = key,
                    ["arn"] = m.Arn,
                    ["username"] = m.UserName ?? "",
                    ["groups"] = string.Join(",", m.Groups),
                };
                if (m.Groups.Contains("system:masters"))
                {
                    yield return new Finding(Descriptor.Id, Severity.Critical, configMap,
                        $"aws-auth {key} maps {m.Arn} (username {m.UserName ?? "unset"}) to group system:masters, which is cluster-admin beyond RBAC", details);
                }
                else if (key == "mapUsers")
                {
                    yield return new Finding(Descriptor.Id, Severity.Medium, configMap,
                        $"aws-auth mapUsers maps IAM user {m.Arn} (groups {string.Join(", ", m.Groups)}): map an IAM role instead of long-lived user credentials", details);
                }
            }
        }
    }
}
