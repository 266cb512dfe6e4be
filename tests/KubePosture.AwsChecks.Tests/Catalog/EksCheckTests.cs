using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Eks;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests.Catalog;

public class EksCheckTests
{
    [Fact]
    [Covers("eks.endpoint-public", Outcome.Pass)]
    public void Endpoint_public_passes_for_a_private_endpoint() => Run.Passes<EndpointPublicCheck>(Scan(Inventory(Cluster(publicEndpoint: false))));

    [Fact]
    [Covers("eks.endpoint-public", Outcome.Fail)]
    public void Endpoint_public_is_high_when_open_to_the_internet_and_medium_when_restricted()
    {
        Assert.Equal(Severity.High, Run.FailsOnce<EndpointPublicCheck>(Scan(Inventory(Cluster(publicEndpoint: true)))).Severity);
        var restricted = Run.FailsOnce<EndpointPublicCheck>(Scan(Inventory(Cluster(publicEndpoint: true, publicCidrs: ["203.0.113.0/24"]))));
        Assert.Equal(Severity.Medium, restricted.Severity);
        Assert.Equal(new ResourceRef("eks.amazonaws.com", "Cluster", null, "demo"), restricted.Resource);
    }

    [Fact]
    public void Cluster_checks_are_not_evaluated_when_the_cluster_was_not_found() =>
        Assert.Contains("no cluster named \"demo\"", Run.NotEvaluated<EndpointPublicCheck>(Scan(Inventory() with { Cluster = null })));

    [Fact]
    public void Cluster_checks_are_not_evaluated_when_eks_is_unreachable() =>
        Assert.Equal("source aws:eks unavailable: connection refused",
            Run.NotEvaluated<SecretsUnencryptedCheck>(Scan(Inventory(unavailable: [Unreachable("aws:eks")]) with { Cluster = null })));

    [Fact]
    [Covers("eks.secrets-unencrypted", Outcome.Pass)]
    public void Secrets_encrypted_passes() => Run.Passes<SecretsUnencryptedCheck>(Scan(Inventory(Cluster(encrypted: true))));

    [Fact]
    [Covers("eks.secrets-unencrypted", Outcome.Fail)]
    public void Secrets_unencrypted_fails() => Run.FailsOnce<SecretsUnencryptedCheck>(Scan(Inventory(Cluster(encrypted: false))));

    [Fact]
    [Covers("eks.audit-log-off", Outcome.Pass)]
    public void Audit_log_enabled_in_any_entry_passes() =>
        Run.Passes<AuditLogOffCheck>(Scan(Inventory(Cluster() with { Logging = [new EksLogSetting(["api"], false), new EksLogSetting(["audit"], true)] })));

    [Fact]
    [Covers("eks.audit-log-off", Outcome.Fail)]
    public void Audit_log_disabled_fails() =>
        Run.FailsOnce<AuditLogOffCheck>(Scan(Inventory(Cluster() with { Logging = [new EksLogSetting(["audit"], false), new EksLogSetting(["api"], true)] })));

    [Fact]
    [Covers("eks.logging-incomplete", Outcome.Pass)]
    public void Logging_complete_passes_across_entries() =>
        Run.Passes<LoggingIncompleteCheck>(Scan(Inventory(Cluster() with { Logging = [new EksLogSetting(["api", "authenticator"], true), new EksLogSetting(["controllerManager", "scheduler"], true)] })));

    [Fact]
    [Covers("eks.logging-incomplete", Outcome.Fail)]
    public void Logging_incomplete_lists_missing_types() =>
        Assert.Equal("authenticator,scheduler",
            Run.FailsOnce<LoggingIncompleteCheck>(Scan(Inventory(Cluster(logTypes: ["api", "audit", "controllerManager"])))).Details!["missing"]);

    [Fact]
    [Covers("eks.version-support", Outcome.Pass)]
    public void Version_in_standard_support_passes() => Run.Passes<VersionSupportCheck>(Scan(Inventory()));

    [Fact]
    [Covers("eks.version-support", Outcome.Fail)]
    public void Version_past_standard_support_fails()
    {
        var f = Run.FailsOnce<VersionSupportCheck>(Scan(Inventory(Cluster(version: "1.31"), clusterVersions: [Version("1.31", Now.AddDays(-2), Now.AddMonths(12))])));
        Assert.Contains("out of standard support since", f.Message);
    }

    [Fact]
    public void Version_unknown_to_eks_is_not_evaluated() =>
        Assert.Contains("no support dates for version 1.20", Run.NotEvaluated<VersionSupportCheck>(Scan(Inventory(Cluster(version: "1.20")))));

    [Fact]
    [Covers("eks.auth-configmap", Outcome.Pass)]
    public void Auth_mode_api_passes() => Run.Passes<AuthConfigMapCheck>(Scan(Inventory(Cluster(authenticationMode: "API_AND_CONFIG_MAP"))));

    [Fact]
    [Covers("eks.auth-configmap", Outcome.Fail)]
    public void Auth_mode_config_map_fails() => Run.FailsOnce<AuthConfigMapCheck>(Scan(Inventory(Cluster(authenticationMode: "CONFIG_MAP"))));

    private static AwsAccessEntry Entry(string principal, string policy = "AmazonEKSClusterAdminPolicy", string scope = "cluster") =>
        new(new EksAccessEntry(ClusterName, principal, "STANDARD", null, []),
            [new EksAssociatedAccessPolicy(principal, $"arn:aws:eks::aws:cluster-access-policy/{policy}", scope, [], Now)]);

    [Fact]
    [Covers("eks.access-entry-admin", Outcome.Pass)]
    public void Access_entry_admin_passes_for_narrow_roles_scoped_or_lesser_policies() =>
        Run.Passes<AccessEntryAdminCheck>(Scan(Inventory(
            accessEntries:
            [
                Entry($"arn:aws:iam::{Account}:role/break-glass"),
                Entry($"arn:aws:iam::{Account}:user/alice", scope: "namespace"),
                Entry($"arn:aws:iam::{Account}:user/bob", policy: "AmazonEKSViewPolicy"),
                Entry($"arn:aws:iam::{Account}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS"),
            ],
            roles: [Role("break-glass", trust: """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/oncall"},"Action":"sts:AssumeRole"}]}""")])));

    [Fact]
    [Covers("eks.access-entry-admin", Outcome.Fail)]
    public void Access_entry_admin_reports_users_sso_roles_and_account_wide_trust()
    {
        var findings = Run.Check<AccessEntryAdminCheck>(Scan(Inventory(
            accessEntries:
            [
                Entry($"arn:aws:iam::{Account}:user/alice"),
                Entry($"arn:aws:iam::{Account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123"),
                Entry($"arn:aws:iam::{Account}:role/admins"),
            ],
            roles: [Role("admins", trust: """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}""")])));
        Assert.Equal(3, findings.Count);
        Assert.Contains(findings, f => f.Details!["reason"].StartsWith("an IAM user", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Details!["reason"].Contains("Identity Center", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Details!["reason"].Contains("every principal of the account", StringComparison.Ordinal));
    }
}

/// <summary>eks.cni-network-policy-off: CIS EKS 4.3.1 from the vpc-cni add-on's configuration and the CNI DaemonSets.</summary>
public class CniNetworkPolicyCheckTests
{
    private static EksAddon VpcCni(string? configurationValues) =>
        new("demo", "vpc-cni", "v1.18.3-eksbuild.1", "ACTIVE", null, []) { ConfigurationValues = configurationValues };

    private static KubePosture.Checks.Inventory.WorkloadRecord DaemonSet(string name, string image) =>
        Build.Workload(Build.Spec(Build.Container(image: image)), kind: "DaemonSet", ns: "kube-system", name: name);

    [Theory]
    [InlineData("""{"enableNetworkPolicy":"true"}""")]
    [InlineData("""{"env":{"WARM_IP_TARGET":"5"},"enableNetworkPolicy": true}""")]
    [InlineData("enableNetworkPolicy: \"true\"\n")]
    [Covers("eks.cni-network-policy-off", Outcome.Pass)]
    public void Vpc_cni_with_network_policy_enabled_passes(string values) =>
        Run.Passes<CniNetworkPolicyCheck>(Scan(Inventory() with { Addons = [VpcCni(values)] }));

    [Fact]
    [Covers("eks.cni-network-policy-off", Outcome.Pass)]
    public void Calico_or_cilium_enforce_policy_whatever_the_vpc_cni_says() =>
        Run.Passes<CniNetworkPolicyCheck>(Scan(Inventory() with { Addons = [VpcCni(null)] },
            workloads: [DaemonSet("calico-node", "quay.io/calico/node:v3.28.0")]));

    [Theory]
    [InlineData(null)]
    [InlineData("""{"enableNetworkPolicy":"false"}""")]
    [Covers("eks.cni-network-policy-off", Outcome.Fail)]
    public void Vpc_cni_without_network_policy_and_no_other_cni_fails(string? values)
    {
        var f = Run.FailsOnce<CniNetworkPolicyCheck>(Scan(Inventory() with { Addons = [VpcCni(values)] },
            workloads: [DaemonSet("aws-node", "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3")]));
        Assert.Equal(new ResourceRef("eks.amazonaws.com", "Cluster", null, "demo"), f.Resource);
        Assert.Contains("does not enable network policy", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_managed_aws_node_is_not_evaluated_never_passed() =>
        Assert.Contains("self-managed aws-node", Run.NotEvaluated<CniNetworkPolicyCheck>(Scan(Inventory(),
            workloads: [DaemonSet("aws-node", "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3")])), StringComparison.Ordinal);
}
