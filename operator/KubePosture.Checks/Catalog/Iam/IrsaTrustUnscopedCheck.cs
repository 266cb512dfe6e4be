using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Iam;

public sealed class IrsaTrustUnscopedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "iam.irsa-trust-unscoped",
        Title: "IRSA role trust is not scoped to its service account",
        Category: CheckCategory.Iam,
        DefaultSeverity: Severity.High,
        Description: "The trust policy of a role a service account uses through IRSA must allow sts:AssumeRoleWithWebIdentity only to this cluster's OIDC provider with <issuer>:sub equal to system:serviceaccount:<namespace>:<name> and <issuer>:aud equal to sts.amazonaws.com. Without the sub condition, or with a StringLike wildcard spanning namespaces or service accounts, any pod of the cluster can assume the role (High); trusting another cluster's issuer lets that cluster's pods in (High); a missing or different aud is Medium. A trust that does not admit the service account at all (IRSA will fail) and a Pod Identity role whose trust lacks pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession are Low.",
        Remediation: "Add \"StringEquals\": {\"<issuer>:sub\": \"system:serviceaccount:<namespace>:<name>\", \"<issuer>:aud\": \"sts.amazonaws.com\"} to the trust statement (eksctl create iamserviceaccount and the EKS console write exactly this), and remove statements for other issuers.",
        References: [References.EksIdentity, "IAM roles for service accounts: https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html", "EKS Pod Identity role trust: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html"],
        Sources: [InventorySource.AwsIam, InventorySource.ServiceAccounts, "iam:GetRole", "eks:DescribeCluster", .. IamRoleFindings.PodIdentitySources],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var issuer = aws.Cluster?.OidcIssuer;
        foreach (var role in aws.Roles)
        {
            if (role.Permissions is not { } permissions) continue;
            var uses = role.Uses.Where(u => u.Kind is AwsRoleUseKind.Irsa or AwsRoleUseKind.PodIdentity).ToList();
            if (uses.Count == 0) continue;
            IamPolicy? trust = null;
            string? error = null;
            try
            {
                trust = IamPolicy.Parse(permissions.Role.AssumeRolePolicyDocument, $"trust policy of role {role.Name}");
            }
            catch (IamPolicyFormatException e)
            {
                error = e.Message;
            }
            if (trust is null)
            {
                yield return new Finding(Descriptor.Id, Severity.Low, RolePolicies.Ref(role.Arn), $"role {role.Name} could not be evaluated: {error}",
                    new Dictionary<string, string> { ["roleArn"] = role.Arn, ["parseError"] = error ?? "" });
                continue;
            }
            foreach (var use in uses)
            {
                var (ns, sa) = SplitSubject(use.Subject);
                if (ns is null) continue;
                if (use.Kind == AwsRoleUseKind.Irsa && issuer is null)
                    throw new CheckNotEvaluatedException($"the EKS cluster's OIDC issuer is unknown (DescribeCluster identity.oidc.issuer), so the trust of IRSA role {role.Name} cannot be checked");
                var assessment = use.Kind == AwsRoleUseKind.Irsa
                    ? RoleTrust.AssessIrsa(trust, issuer!, ns, sa!)
                    : RoleTrust.AssessPodIdentity(trust, ns, sa!);
                if (assessment.Scoped) continue;
                var worst = assessment.Problems.Min(p => p.Grade);
                var severity = worst switch
                {
                    TrustProblemGrade.Unscoped => Severity.High,
                    TrustProblemGrade.Audience => Severity.Medium,
                    _ => Severity.Low,
                };
                var how = use.Kind == AwsRoleUseKind.Irsa ? "IRSA" : "Pod Identity";
                yield return new Finding(Descriptor.Id, severity, new ResourceRef("v1", "ServiceAccount", ns, sa!),
                    $"service account {ns}/{sa} uses role {role.Name} through {how}, whose trust policy is not scoped to it: {string.Join("; ", assessment.Problems.Select(p => p.Message))}",
                    new Dictionary<string, string>
                    {
                        ["roleArn"] = role.Arn,
                        ["mechanism"] = how,
                        ["subject"] = assessment.Subject,
                        ["issuer"] = issuer ?? "",
                        ["problems"] = string.Join(",", assessment.Problems.Select(p => p.Grade.ToString()).Distinct()),
                    });
            }
        }
    }

    /// <summary>"namespace/name" of a service account use.</summary>
    internal static (string? Namespace, string? Name) SplitSubject(string subject)
    {
        var i = subject.IndexOf('/', StringComparison.Ordinal);
        return i <= 0 || i == subject.Length - 1 ? (null, null) : (subject[..i], subject[(i + 1)..]);
    }
}
