using KubePosture.Checks.Compliance.Frameworks;

namespace KubePosture.Checks.Compliance;

/// <summary>
/// Every compliance framework kubeposture reports, by id, and the checks that decide no control with the reason.
/// Adding a framework is adding its file under Frameworks/ and a line here.
/// </summary>
public static class FrameworkCatalog
{
    public static IReadOnlyList<ComplianceFramework> All { get; } =
    [
        CisEksBenchmark.Framework,
        NsaCisaHardeningGuide.Framework,
        PodSecurityBaseline.Framework,
        PodSecurityRestricted.Framework,
        AwsFoundationalSecurityBestPractices.Framework,
    ];

    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(f => f.Id)];

    public static ComplianceFramework? Find(string id) => All.FirstOrDefault(f => f.Id == id);

    /// <summary>
    /// Messages naming the field, the value and the closest known id (<c>spec.compliance.frameworks[0] "cis-ek": unknown
    /// framework; did you mean cis-eks?</c>); empty when every id is known. Ids are case-sensitive; duplicates are errors.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> ids, string field)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i] ?? "";
            if (Find(id) is null)
                errors.Add($"{field}[{i}] \"{id}\": unknown framework; did you mean {Closest(id)}? Known: {string.Join(", ", Ids)}");
            else if (!seen.Add(id))
                errors.Add($"{field}[{i}] \"{id}\": listed twice; list each framework once");
        }

        return errors;
    }

    /// <summary>The known id nearest to <paramref name="id"/> (edit distance, case-insensitive; ties by catalog order).</summary>
    public static string Closest(string id)
        => Ids.OrderBy(known => Engine.CheckSelection.EditDistance(id.ToLowerInvariant(), known)).First();

    /// <summary>Checks that decide no control of any framework, and why (a hardening practice no framework states as a control, or one stricter than the control).</summary>
    public static IReadOnlyDictionary<string, string> Unmapped { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["api.removed-version"] = "A manifest in an API version no supported Kubernetes serves blocks upgrades and redeploys; an operability problem, not a control of these frameworks.",
        ["detection.guardduty-finding"] = "An active GuardDuty finding is a threat to handle, not a configuration control of these frameworks.",
        ["eks.deletion-protection-off"] = "Cluster deletion protection is an EKS setting no control of these frameworks requires yet.",
        ["kms.policy-open"] = "A key policy open to any principal is no control of these frameworks (KMS.2 is about IAM policies, not key policies).",
        ["linked.ecs-public-admin-task"] = "A correlation of findings that already decide controls (ECS.2 public IPs, IAM.1 admin rights); counting it again would count one problem twice.",
        ["linked.threat-on-risky-workload"] = "A correlation of an active GuardDuty finding with posture findings that decide their own controls.",
        ["logs.no-kms"] = "KMS encryption of log groups is a NIST SP 800-53 control in Security Hub, not one of these frameworks.",
        ["logs.retention-short"] = "Log retention (CloudWatch.16) belongs to the NIST SP 800-53 standard in Security Hub, not to these frameworks.",
        ["node.template-hop-limit"] = "The IMDS hop limit is an EKS best practice; these frameworks decide IMDSv2, not the hop limit.",
        ["node.template-user-data-secrets"] = "Secrets in launch template user data are no control of these frameworks.",
        ["storage.class-unencrypted"] = "StorageClass encryption parameters are an EKS best practice; EC2.3 and EC2.7 decide volume and default encryption.",
        ["ecr.no-kms"] = "Encrypting repositories with a customer managed KMS key is Security Hub ECR.5, which belongs to the NIST SP 800-53 standard rather than FSBP; no framework here requires it.",
        ["ecr.repo-public"] = "A repository policy allowing anyone is no control of these frameworks (Security Hub has none for private ECR repository policies); it is reported as a finding only.",
        ["iam.irsa-role-missing"] = "A service account naming a deleted IAM role is a broken reference, not a framework control.",
        ["iam.irsa-trust-unscoped"] = "Supports CIS 5.2.1 (dedicated service accounts), which stays manual: a scoped trust policy is part of that practice, not all of it.",
        ["iam.role-privesc"] = "IAM privilege-escalation actions are no control of these frameworks (IAM.1 is full admin only).",
        ["image.not-pinned"] = "Pinning images by digest is an EKS best practice, not a control of these frameworks.",
        ["image.tag-latest"] = "The latest tag is an EKS best practice, not a control of these frameworks.",
        ["linked.exposed-vulnerable-image"] = "A correlation of findings that already decide controls (svc.internet-exposed, ecr.image-vulnerable); counting it again would count one problem twice.",
        ["linked.iam-principal-cluster-admin"] = "A correlation of aws-auth or access entries with in-cluster bindings; the bindings themselves decide CIS 4.1.1.",
        ["linked.imds-node-role"] = "A correlation of node IMDS settings with the node role; IMDS access itself decides NSA 2.9 and EC2.8.",
        ["linked.workload-role-privileged"] = "Reports admin and privilege-escalation rights together, so it cannot decide IAM.1 (admin only) alone.",
        ["netpol.allow-all"] = "An allow-all policy defeats NSA 2.2's intent but a namespace with one still has a default deny or not; reported as a finding.",
        ["netpol.pod-unselected"] = "Per-workload coverage is finer than the frameworks' per-namespace controls (CIS 4.3.2, NSA 2.2).",
        ["node.stale"] = "A maximum node age is a kubeposture setting, not a framework control.",
        ["rbac.aws-auth-write"] = "Write access to aws-auth is an EKS-specific escalation no framework control names.",
        ["svc.internet-exposed"] = "Exposure is a design decision, not a control of these frameworks; CIS 5.4.5 (TLS on load balancers) is decided by the elb.* checks that read the listeners.",
        ["elb.no-waf"] = "A WAF web ACL on Application Load Balancers (Security Hub ELB.16) belongs to the NIST SP 800-53 standard, not to these frameworks.",
    };
}
