using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Catalog.Namespace;

public sealed class PssNotEnforcedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "namespace.pss-not-enforced",
        Title: "Namespace does not enforce Pod Security Standards",
        Category: CheckCategory.Namespace,
        DefaultSeverity: Severity.Medium,
        Description: "Without the pod-security.kubernetes.io/enforce label at baseline or restricted, the Pod Security admission controller admits privileged pods into the namespace. A value admission cannot parse (Baseline, a typo) enforces restricted, as admission fails closed, so only a missing label or privileged is reported. Workloads are assessed at the namespace's enforce-version (latest when unset or invalid); audit and warn levels are named in the details. System namespaces are skipped unless the scan includes them.",
        Remediation: "Label the namespace: kubectl label namespace NAME pod-security.kubernetes.io/enforce=baseline (or restricted), after checking with the warn and audit labels.",
        References: [References.PodSecurityStandards, "Pod Security Admission: https://kubernetes.io/docs/concepts/security/pod-security-admission/", References.EksPodSecurity],
        Sources: [InventorySource.Namespaces, .. InventorySource.Workloads],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        const string label = NamespacePodSecurity.EnforceLabel;
        var levels = inventory.Workloads
            .GroupBy(w => w.Namespace)
            .ToDictionary(g => g.Key, g => g.Min(w => WorkloadPodSecurity.Level(inventory, w)));
        foreach (var ns in inventory.Namespaces.Where(n => SystemNamespaces.Assessed(inventory.Scope, n.Name)))
        {
            // Admission fails closed: a value other than privileged/baseline/restricted (case-sensitive) enforces
            // restricted, so only an absent label or "privileged" leaves the namespace unenforced.
            var policy = NamespacePodSecurity.Of(inventory, ns.Name);
            if (policy.Enforce.Level != PodSecurityLevel.Privileged)
                continue;
            var value = ns.Labels.GetValueOrDefault(label);
            var details = new Dictionary<string, string> { ["label"] = label, ["value"] = value ?? "unset" };
            var message = value is null ? $"Namespace {ns.Name} has no {label} label" : $"Namespace {ns.Name} sets {label}={value}";
            var version = policy.Enforce.Version;
            if (!version.IsLatest)
                details["version"] = version.ToString();

            // Audit and warn only record and warn: say what they are set to, they do not stop a pod.
            foreach (var (mode, modePolicy) in new[] { ("audit", policy.Audit), ("warn", policy.Warn) })
            {
                if (modePolicy.Level != PodSecurityLevel.Privileged)
                    details[mode] = modePolicy.ToString();
            }

            var at = version.IsLatest ? "" : $" (policy {version})";
            if (levels.TryGetValue(ns.Name, out var weakest))
            {
                var text = PodSecurityStandards.LabelValue(weakest);
                details["weakestWorkloadLevel"] = text;
                message += weakest == PodSecurityLevel.Privileged
                    ? $"; some of its workloads meet only privileged{at}, fix them before enforcing baseline"
                    : $"; all of its workloads already meet {text}{at}, so enforce={text} can be set now";
            }
            else
            {
                message += "; set enforce to baseline or restricted";
            }

            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("v1", "Namespace", null, ns.Name), message, details);
        }
    }
}
