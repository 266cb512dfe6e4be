using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class WebhookConfigWriteCheck : ICheck
{
    private const string Group = "admissionregistration.k8s.io";

    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.webhook-config-write",
        Title: "Role can change admission webhook configurations",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "A subject that can create, update, patch or delete validating or mutating webhook configurations can read every object sent to admission (secrets included), change objects as they are created, or switch off the policies that guard the cluster.",
        Remediation: "Remove create, update, patch and delete on validatingwebhookconfigurations and mutatingwebhookconfigurations (admissionregistration.k8s.io) from the role; leave them to the controllers that own their webhooks.",
        References: ["CIS EKS Benchmark 4.1.11", References.KubernetesRbacGoodPractices],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    private static readonly PermissionQuery[] Queries =
    [
        .. new[] { "create", "update", "patch", "delete" }.SelectMany(verb => new PermissionQuery[]
        {
            new(verb, Group, "validatingwebhookconfigurations"),
            new(verb, Group, "mutatingwebhookconfigurations"),
        }),
    ];

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
        => RbacFindings.ForRules(Descriptor, inventory, Queries, "change admission webhook configurations (create/update/patch/delete on validating or mutating webhook configurations)");
}
