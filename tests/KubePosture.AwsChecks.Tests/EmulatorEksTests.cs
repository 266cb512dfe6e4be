using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Eks;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// The eks.* cluster checks on what the operator's collector reads from the AWS emulator's demo cluster: they fail as the
/// demo has it (public endpoint, no secrets encryption, only api logs, a version past support) and pass once it is
/// private, encrypted, fully logged, on a supported version and on access entries only.
/// </summary>
public sealed class EmulatorEksTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private Task<ClusterInventory> ReadAsync() => _aws.ReadAsync(Build.Cluster(), Ct, ["internal"]);

    private JsonObject Demo => ((JsonArray)_aws.Server.Fixture.Section("eks")["clusters"]!).OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == "demo");

    [Fact, Covers("eks.endpoint-public", Outcome.Fail), Covers("eks.endpoint-public", Outcome.Pass), Covers("eks.secrets-unencrypted", Outcome.Fail),
     Covers("eks.secrets-unencrypted", Outcome.Pass), Covers("eks.audit-log-off", Outcome.Fail), Covers("eks.audit-log-off", Outcome.Pass),
     Covers("eks.logging-incomplete", Outcome.Fail), Covers("eks.logging-incomplete", Outcome.Pass), Covers("eks.version-support", Outcome.Fail),
     Covers("eks.version-support", Outcome.Pass), Covers("eks.auth-configmap", Outcome.Fail), Covers("eks.auth-configmap", Outcome.Pass)]
    public async Task Demo_cluster_settings_fail_until_the_cluster_is_hardened()
    {
        var demo = Demo;
        demo["accessConfig"]!["authenticationMode"] = "CONFIG_MAP";
        var as_is = await ReadAsync();
        Assert.Contains("0.0.0.0/0", Run.FailsOnce<EndpointPublicCheck>(as_is).Message, StringComparison.Ordinal);
        Run.FailsOnce<SecretsUnencryptedCheck>(as_is);
        Run.FailsOnce<AuditLogOffCheck>(as_is);
        Run.FailsOnce<LoggingIncompleteCheck>(as_is);
        Run.FailsOnce<VersionSupportCheck>(as_is); // 1.31: extended support ended 2026-11-26, the scan runs 2026-11-28
        Run.FailsOnce<AuthConfigMapCheck>(as_is);

        var vpc = (JsonObject)demo["resourcesVpcConfig"]!;
        vpc["endpointPublicAccess"] = false;
        vpc["endpointPrivateAccess"] = true;
        vpc["publicAccessCidrs"] = new JsonArray();
        demo["encryptionConfig"] = JsonNode.Parse("""[{"resources":["secrets"],"provider":{"keyArn":"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}]""");
        demo["logging"] = JsonNode.Parse("""{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}""");
        // EKS releases 1.34; the demo cluster is upgraded to it.
        ((JsonArray)_aws.Server.Fixture.Section("eks")["clusterVersions"]!).Insert(0, new JsonObject
        {
            ["clusterVersion"] = "1.34", ["clusterType"] = "eks", ["defaultPlatformVersion"] = "eks.4", ["defaultVersion"] = true,
            ["releaseDate"] = DateTimeOffset.Parse("2025-10-02T00:00:00Z").ToUnixTimeSeconds(),
            ["endOfStandardSupportDate"] = DateTimeOffset.Parse("2026-12-02T00:00:00Z").ToUnixTimeSeconds(),
            ["endOfExtendedSupportDate"] = DateTimeOffset.Parse("2027-12-02T00:00:00Z").ToUnixTimeSeconds(),
            ["status"] = "standard-support", ["versionStatus"] = "STANDARD_SUPPORT", ["kubernetesPatchVersion"] = "1.34.1",
        });
        demo["version"] = "1.34";
        demo["accessConfig"]!["authenticationMode"] = "API";

        var hardened = await ReadAsync();
        Run.Passes<EndpointPublicCheck>(hardened);
        Run.Passes<SecretsUnencryptedCheck>(hardened);
        Run.Passes<AuditLogOffCheck>(hardened);
        Run.Passes<LoggingIncompleteCheck>(hardened);
        Run.Passes<VersionSupportCheck>(hardened);
        Run.Passes<AuthConfigMapCheck>(hardened);
    }

    [Fact, Covers("eks.access-entry-admin", Outcome.Pass), Covers("eks.access-entry-admin", Outcome.Fail)]
    public async Task Cluster_admin_access_entry_is_reported_for_an_iam_user_and_not_for_a_specific_role()
    {
        // The demo grants AmazonEKSClusterAdminPolicy at cluster scope to the Admin role only: a specific role passes.
        Run.Passes<AccessEntryAdminCheck>(await ReadAsync());

        // The same policy associated with alice's access entry (an IAM user, long-lived credentials) is a finding.
        var alice = Demo["accessEntries"]!.AsArray().OfType<JsonObject>().Single(e => e["principalArn"]!.GetValue<string>() == "arn:aws:iam::111122223333:user/alice");
        alice["accessPolicies"]!.AsArray().Add(new JsonObject
        {
            ["policyArn"] = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            ["accessScope"] = new JsonObject { ["type"] = "cluster", ["namespaces"] = new JsonArray() },
            ["associatedAt"] = DateTimeOffset.Parse("2026-11-01T00:00:00Z").ToUnixTimeSeconds(),
        });
        var f = Run.FailsOnce<AccessEntryAdminCheck>(await ReadAsync());
        Assert.Equal("arn:aws:iam::111122223333:user/alice", f.Resource.Name);
        Assert.Contains("an IAM user", f.Message, StringComparison.Ordinal);
    }
}
