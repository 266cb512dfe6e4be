using KubePosture.Checks.Aws;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class AccessEntryAdminCheck : ICheck
{
    public const string ClusterAdminPolicy = "AmazonEKSClusterAdminPolicy";

    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.access-entry-admin",
        Title: "Access entry grants cluster admin to a broad principal",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.Medium,
        Description: "An access entry has AmazonEKSClusterAdminPolicy associated at cluster scope for a broad principal: an IAM user (long-lived keys), an IAM Identity Center permission set role (AWSReservedSSO_*, everyone assigned to it), the account root, or a role whose trust policy lets the whole account (or anyone) assume it. EKS service-linked roles are not findings.",
        Remediation: "Associate a narrower access policy (AmazonEKSAdminPolicy or AmazonEKSViewPolicy) or scope it to namespaces, and grant cluster admin only to a dedicated break-glass role whose trust names specific principals.",
        References: [References.EksIdentity, "Access policies: https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html"],
        Sources: [InventorySource.AwsEks, "eks:ListAccessEntries", "eks:DescribeAccessEntry", "eks:ListAssociatedAccessPolicies"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var entry in aws.AccessEntries)
        {
            var admin = entry.Policies.FirstOrDefault(p => p.PolicyArn.EndsWith("/" + ClusterAdminPolicy, StringComparison.Ordinal)
                                                           && string.Equals(p.ScopeType, "cluster", StringComparison.OrdinalIgnoreCase));
            if (admin is null || Broadness(entry.Entry.PrincipalArn, aws) is not { } why)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EksAccessEntry(entry.Entry.PrincipalArn),
                $"access entry {entry.Entry.PrincipalArn} has {ClusterAdminPolicy} at cluster scope and is {why}",
                new Dictionary<string, string>
                {
                    ["principalArn"] = entry.Entry.PrincipalArn,
                    ["policyArn"] = admin.PolicyArn,
                    ["username"] = entry.Entry.Username ?? "",
                    ["reason"] = why,
                });
        }
    }

    /// <summary>Why the principal is broad, or null when it is narrow (a specific role, a service-linked role).</summary>
    private static string? Broadness(string principalArn, Inventory.Aws.AwsInventory aws)
    {
        if (!AwsArn.TryParse(principalArn, out var arn))
            return "not a parseable ARN";
        if (arn.Resource == "root")
            return "the account root";
        if (arn.ResourceType == "user")
            return "an IAM user (long-lived credentials)";
        if (arn.Resource.StartsWith("role/aws-service-role/", StringComparison.Ordinal))
            return null;
        if (arn.ResourceName.StartsWith("AWSReservedSSO_", StringComparison.Ordinal))
            return "an IAM Identity Center permission set role (everyone assigned to the permission set)";
        var trust = aws.Role(principalArn)?.Permissions?.Role.AssumeRolePolicyDocument;
        if (trust is not null && (trust.Contains($":{arn.AccountId}:root", StringComparison.Ordinal) || trust.Contains("\"AWS\":\"*\"", StringComparison.Ordinal)
                                  || trust.Contains("\"Principal\":\"*\"", StringComparison.Ordinal)))
            return "a role every principal of the account (or anyone) may assume";
        return null;
    }
}
