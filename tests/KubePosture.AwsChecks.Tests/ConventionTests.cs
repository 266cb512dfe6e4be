using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>Rules every AWS-side and linked check (descriptor RequiresAws) follows; the in-cluster ones are held by KubePosture.Checks.Tests.</summary>
public partial class ConventionTests
{
    private static readonly IReadOnlyList<ICheck> AwsCatalog = [.. CheckCatalog.All.Where(c => c.Descriptor.RequiresAws)];

    /// <summary>The AWS-side ids CHECKS.md lists by name; ecs.* and linked.* ids are ours within those prefixes.</summary>
    private static readonly string[] DocumentedIds =
    [
        "ecr.image-vulnerable", "ecr.image-unscanned", "ecr.scanning-disabled", "ecr.tag-mutable", "ecr.repo-public", "ecr.no-lifecycle", "ecr.no-kms",
        "image.non-ecr", "eks.endpoint-public", "eks.secrets-unencrypted", "eks.audit-log-off", "eks.logging-incomplete", "eks.version-support",
        "eks.auth-configmap", "eks.access-entry-admin", "node.imdsv2-optional", "node.imds-hop-limit", "node.public-ip", "node.ami-outdated",
        "node.patch-noncompliant", "node.unmanaged-by-ssm", "vpc.flow-logs-off", "vpc.sg-open", "iam.node-role-admin", "iam.role-wildcard",
        "iam.role-privesc", "iam.irsa-trust-unscoped", "iam.irsa-role-missing", "iam.node-role-ecr-write", "eks.cni-network-policy-off",
        // Issue 19 (AWS coverage the customer owns): launch templates, deletion protection, KMS, log groups, storage.
        "node.template-imdsv2-optional", "node.template-hop-limit", "node.template-public-ip", "node.template-user-data-secrets",
        "eks.deletion-protection-off", "kms.rotation-off", "kms.key-unusable", "kms.policy-open", "logs.retention-short", "logs.no-kms",
        "storage.ebs-default-unencrypted", "detection.guardduty-audit-off", "detection.guardduty-runtime-off", "detection.inspector-ecr-off",
        "detection.guardduty-finding", "storage.volume-unencrypted",
        // Issue 19 (real exposure): the load balancers the AWS Load Balancer Controller made for the cluster.
        "elb.http-without-redirect", "elb.weak-tls-policy", "elb.no-waf", "elb.no-access-logs",
    ];

    private static readonly HashSet<string> PolicyActions = LoadPolicyActions();

    [Fact]
    public void Every_aws_check_id_is_one_CHECKS_md_defines()
    {
        var unknown = AwsCatalog.Select(c => c.Descriptor.Id)
            .Where(id => !DocumentedIds.Contains(id) && !id.StartsWith("ecs.", StringComparison.Ordinal) && !id.StartsWith("linked.", StringComparison.Ordinal))
            .ToList();
        Assert.True(unknown.Count == 0, "AWS checks not in CHECKS.md: " + string.Join(", ", unknown));
        var ids = AwsCatalog.Select(c => c.Descriptor.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(IdPattern(), id));
    }

    [Fact]
    public void Aws_descriptors_are_complete_and_read_only_declared_sources_or_granted_actions()
    {
        var sources = typeof(InventorySource).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);
        Assert.All(AwsCatalog, c =>
        {
            var d = c.Descriptor;
            Assert.False(string.IsNullOrWhiteSpace(d.Title), $"{d.Id}: title");
            Assert.Contains(d.Category, CheckCategory.All);
            Assert.True(d.Description.Length >= 40, $"{d.Id}: description too short");
            Assert.True(d.Remediation.Length >= 30, $"{d.Id}: remediation too short");
            Assert.NotEmpty(d.References);
            Assert.NotEmpty(d.Sources);
            Assert.All(d.Sources, s => Assert.True(sources.Contains(s) || PolicyActions.Contains(s),
                $"{d.Id}: source {s} is neither an InventorySource nor an action deploy/iam-policy.json grants"));
            // A denied action makes only the checks that declare it not evaluated, so every AWS check names what it reads.
            Assert.True(d.Sources.Any(PolicyActions.Contains), $"{d.Id}: declare the IAM actions whose answers the check reads (ecr:DescribeImageScanFindings)");
        });
    }

    [Fact]
    public void Every_aws_check_has_at_least_one_pass_and_one_fail_test()
    {
        var (missing, unknown) = CheckCoverage.Of(typeof(ConventionTests).Assembly, AwsCatalog);
        Assert.True(missing.Count == 0, "missing tests: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "tests cover unknown ids: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Aws_checks_find_nothing_without_an_aws_inventory_and_are_not_evaluated()
    {
        var inventory = Build.Cluster([AwsBuild.RunningWorkload()], nodes: [Build.Node("node-1")]);
        Assert.All(AwsCatalog, c => Assert.Empty(c.Evaluate(inventory)));
        var result = CheckEngine.Run(AwsCatalog, inventory, CheckSelection.All);
        Assert.Empty(result.ChecksRun);
        Assert.Equal(AwsCatalog.Count, result.ChecksNotEvaluated.Count);
        Assert.All(result.ChecksNotEvaluated.Values, reason => Assert.StartsWith("AWS inventory not collected", reason));
    }

    private static HashSet<string> LoadPolicyActions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "iam-policy.json")));
        return doc.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9-]+)+$")]
    private static partial Regex IdPattern();
}
