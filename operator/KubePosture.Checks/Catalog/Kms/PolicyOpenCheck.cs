using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Kms;

public sealed class PolicyOpenCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "kms.policy-open",
        Title: "KMS key policy allows any principal",
        Category: CheckCategory.Kms,
        DefaultSeverity: Severity.High,
        Description: "The key policy of a KMS key the cluster depends on has an Allow statement with Principal \"*\" (or AWS \"*\") and no Condition: any AWS principal, in any account, may use or manage the key as the statement's actions allow, subject only to its own identity policies.",
        Remediation: "Replace the wildcard principal with the account root or the roles that need the key, or add conditions (kms:CallerAccount, kms:ViaService, aws:PrincipalOrgID): aws kms put-key-policy.",
        References: [References.EksInfrastructure, "AWS Security Hub KMS.2", "Key policies: https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html"],
        Sources: KmsKeyFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var key in aws.KmsKeys)
        {
            if (key.Key?.Policy is not { Length: > 0 } policy) continue;
            var open = ResourcePolicies.OpenStatements(policy, $"key policy of {key.KeyArn}");
            if (open.Count == 0) continue;
            yield return KmsKeyFindings.Finding(Descriptor, Descriptor.DefaultSeverity, key,
                $"has a key policy that allows any principal without a condition ({string.Join("; ", open)})", ("statements", string.Join(";", open)));
        }
    }
}
