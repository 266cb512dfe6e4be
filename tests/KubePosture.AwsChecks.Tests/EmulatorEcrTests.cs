using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Ecr;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// The ecr.* checks on what the operator's collector reads over the wire from the AWS emulator's demo account: the
/// demo/api repository and the digest a Deployment runs fail as the demo has them, and pass once the repository is
/// hardened and the image rebuilt without Critical or High findings.
/// </summary>
public sealed class EmulatorEcrTests : IAsyncLifetime
{
    private const string Registry = "111122223333.dkr.ecr.us-west-2.amazonaws.com";
    private const string ApiDigest = "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    /// <summary>A Deployment running the demo API digest, read with a fresh session (no cache hides a fixture edit).</summary>
    private Task<ClusterInventory> ReadAsync()
    {
        var running = new RunningImage("api", $"{Registry}/demo/api:v1.4.2", $"{Registry}/demo/api@{ApiDigest}");
        return _aws.ReadAsync(Build.Cluster([Build.Workload(ns: "shop", name: "api", running: [running])]), Ct, ["internal"]);
    }

    private JsonObject Api => ((JsonArray)_aws.Server.Fixture.Section("ecr")["repositories"]!).OfType<JsonObject>().Single(r => r["repositoryName"]!.GetValue<string>() == "demo/api");

    [Fact, Covers("ecr.image-vulnerable", Outcome.Fail), Covers("ecr.image-vulnerable", Outcome.Pass), Covers("ecr.image-unscanned", Outcome.Fail), Covers("ecr.image-unscanned", Outcome.Pass),
     Covers("ecr.tag-mutable", Outcome.Fail), Covers("ecr.tag-mutable", Outcome.Pass), Covers("ecr.repo-public", Outcome.Fail), Covers("ecr.repo-public", Outcome.Pass),
     Covers("ecr.no-kms", Outcome.Fail), Covers("ecr.no-kms", Outcome.Pass), Covers("ecr.no-lifecycle", Outcome.Fail), Covers("ecr.no-lifecycle", Outcome.Pass),
     Covers("ecr.scanning-disabled", Outcome.Pass)]
    public async Task Demo_api_repository_and_running_digest_fail_until_hardened_and_rebuilt()
    {
        var demo = await ReadAsync();
        Assert.Equal(Severity.Critical, Run.FailsOnce<ImageVulnerableCheck>(demo).Severity);
        Assert.Contains("days ago", Run.FailsOnce<ImageUnscannedCheck>(demo).Message, StringComparison.Ordinal); // scanned 2026-01-15, the scan runs 2026-11-28
        Run.FailsOnce<TagMutableCheck>(demo);
        Run.FailsOnce<RepositoryPublicCheck>(demo);
        Run.FailsOnce<NoKmsCheck>(demo);
        Run.FailsOnce<NoLifecycleCheck>(demo);
        Run.Passes<ScanningDisabledCheck>(demo); // continuous scanning covers demo/*

        // Harden the repository and rebuild the image: only Medium and Low findings left, scanned yesterday.
        var api = Api;
        api["imageTagMutability"] = "IMMUTABLE";
        api["encryptionConfiguration"] = new JsonObject { ["encryptionType"] = "KMS", ["kmsKey"] = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
        api.Remove("policyText");
        api["lifecyclePolicyText"] = JsonNode.Parse("""{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":30},"action":{"type":"expire"}}]}""");
        var image = ((JsonArray)api["images"]!).OfType<JsonObject>().Single(i => i["imageDigest"]!.GetValue<string>() == ApiDigest);
        var yesterday = Build.Now.AddDays(-1).ToUnixTimeSeconds();
        image["imageScanCompletedAt"] = yesterday;
        image["vulnerabilitySourceUpdatedAt"] = yesterday;
        var findings = (JsonArray)image["enhancedFindings"]!;
        foreach (var serious in findings.OfType<JsonObject>().Where(f => f["severity"]!.GetValue<string>() is "CRITICAL" or "HIGH").ToList())
            findings.Remove(serious);
        Assert.NotEmpty(findings);

        var hardened = await ReadAsync();
        Run.Passes<ImageVulnerableCheck>(hardened);
        Run.Passes<ImageUnscannedCheck>(hardened);
        Run.Passes<TagMutableCheck>(hardened);
        Run.Passes<RepositoryPublicCheck>(hardened);
        Run.Passes<NoKmsCheck>(hardened);
        Run.Passes<NoLifecycleCheck>(hardened);
        Run.Passes<ScanningDisabledCheck>(hardened);
    }

    [Fact, Covers("ecr.scanning-disabled", Outcome.Fail)]
    public async Task A_running_image_from_a_repository_no_rule_scans_is_scanning_disabled()
    {
        // The registry's rules: continuous for demo/*, scan on push for *; remove both and turn off the repository's own.
        var scanning = (JsonObject)_aws.Server.Fixture.Section("ecr")["registryScanningConfiguration"]!;
        scanning["rules"] = new JsonArray();
        scanning["scanType"] = "BASIC";
        Api["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = false };
        Api["scanFrequency"] = "MANUAL";

        var f = Run.FailsOnce<ScanningDisabledCheck>(await ReadAsync());
        Assert.Equal("111122223333/demo/api", f.Resource.Name);
    }

}
