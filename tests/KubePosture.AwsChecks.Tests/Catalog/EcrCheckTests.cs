using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Ecr;
using KubePosture.Checks.Model;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests.Catalog;

public class EcrCheckTests
{
    [Fact]
    [Covers("ecr.image-vulnerable", Outcome.Pass)]
    public void Vulnerable_passes_with_only_medium_findings_and_ignores_tags_that_do_not_run()
    {
        // The tag points at a vulnerable digest, but the digest that runs is clean.
        var aws = Inventory(scans: [Scan(Key(digest: Digest), findings: [Vulnerability("CVE-2025-0001", "MEDIUM")]), Scan(Key(digest: OtherDigest), findings: [Vulnerability("CVE-2025-9999")])]);
        Run.Passes<ImageVulnerableCheck>(Scan(aws, [RunningWorkload(images: Running(digest: Digest))]));
    }

    [Fact]
    [Covers("ecr.image-vulnerable", Outcome.Fail)]
    public void Vulnerable_reports_counts_top_cves_fix_and_scan_type_once_per_workload()
    {
        var scan = Scan(Key(), enhanced: true, findings:
        [
            Vulnerability("CVE-2025-0003", "HIGH", fix: "NO", fixedIn: null),
            Vulnerability("CVE-2025-0001", "CRITICAL"),
            Vulnerability("CVE-2025-0002", "HIGH", fix: "YES"),
            Vulnerability("CVE-2025-0004", "LOW"),
        ]);
        var replicas = RunningWorkload("api", "team-a", Running(container: "app"), Running(container: "sidecar"));
        var findings = Run.Check<ImageVulnerableCheck>(Scan(Inventory(scans: [scan]), [replicas, RunningWorkload("other", "team-b")]));

        Assert.Equal(2, findings.Count);
        var f = findings.Single(x => x.Resource.Name == "api");
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Equal("1", f.Details!["critical"]);
        Assert.Equal("2", f.Details["high"]);
        Assert.Equal("CVE-2025-0001,CVE-2025-0002,CVE-2025-0003", f.Details["topCves"]);
        Assert.Equal("true", f.Details["fixAvailable"]);
        Assert.Equal("2", f.Details["fixableCount"]);
        Assert.Equal("enhanced", f.Details["scanType"]);
        Assert.Equal("app,sidecar", f.Details["containers"]);
        Assert.Equal(Digest, f.Details["digest"]);
    }

    [Fact]
    [Covers("ecr.image-vulnerable", Outcome.Fail)]
    public void Vulnerable_is_high_for_high_only_basic_findings()
    {
        var f = Run.FailsOnce<ImageVulnerableCheck>(Scan(Inventory(scans: [Scan(enhanced: false, findings: [Vulnerability("CVE-2024-1", "HIGH", fix: null, fixedIn: null)])]), [RunningWorkload()]));
        Assert.Equal(Severity.High, f.Severity);
        Assert.Equal("basic", f.Details!["scanType"]);
        Assert.Equal("false", f.Details["fixAvailable"]);
    }

    [Fact]
    public void Vulnerable_is_not_evaluated_when_scan_findings_are_denied() =>
        Assert.StartsWith("ecr:DescribeImageScanFindings denied",
            Run.NotEvaluated<ImageVulnerableCheck>(Scan(Inventory(unavailable: [Denied("ecr:DescribeImageScanFindings")]), [RunningWorkload()])));

    [Fact]
    [Covers("ecr.image-unscanned", Outcome.Pass)]
    public void Unscanned_passes_for_recent_complete_and_in_progress_scans() =>
        Run.Passes<ImageUnscannedCheck>(Scan(Inventory(scans: [Scan(Key()), Scan(Key(digest: OtherDigest), status: "IN_PROGRESS")]),
            [RunningWorkload(), RunningWorkload("b", images: Running(digest: OtherDigest))]));

    [Theory]
    [Covers("ecr.image-unscanned", Outcome.Fail)]
    [InlineData("NOT_SCANNED", "never been scanned")]
    [InlineData("FAILED", "scan status FAILED")]
    [InlineData("UNSUPPORTED_IMAGE", "scan status UNSUPPORTED_IMAGE")]
    [InlineData("SCAN_ELIGIBILITY_EXPIRED", "scan status SCAN_ELIGIBILITY_EXPIRED")]
    [InlineData("IMAGE_NOT_FOUND", "not in the repository")]
    public void Unscanned_reports_missing_and_failed_scans(string status, string expected) =>
        Assert.Contains(expected, Run.FailsOnce<ImageUnscannedCheck>(Scan(Inventory(scans: [Scan(status: status)]), [RunningWorkload()])).Message);

    [Fact]
    [Covers("ecr.image-unscanned", Outcome.Fail)]
    public void Unscanned_reports_a_stale_basic_scan()
    {
        var f = Run.FailsOnce<ImageUnscannedCheck>(Scan(Inventory(scans: [Scan(enhanced: false, completedAt: Now.AddDays(-45))]), [RunningWorkload()]));
        Assert.Contains("45 days ago (maximum 30)", f.Message);
    }

    [Fact]
    [Covers("ecr.image-unscanned", Outcome.Fail)]
    public void Unscanned_reports_each_workload_running_a_stale_digest_with_its_own_containers()
    {
        var completed = Now.AddDays(-45);
        var findings = Run.Check<ImageUnscannedCheck>(Scan(Inventory(scans: [Scan(enhanced: false, completedAt: completed)]),
            [RunningWorkload("api", "team-a", Running(container: "app"), Running(container: "sidecar")), RunningWorkload("other", "team-b")]));

        Assert.Equal(["api", "other"], findings.Select(f => f.Resource.Name).Order());
        var api = findings.Single(f => f.Resource.Name == "api");
        Assert.StartsWith("container \"app\", container \"sidecar\" runs ", api.Message);
        Assert.EndsWith("45 days ago (maximum 30)", api.Message);
        Assert.All(findings, f =>
        {
            Assert.Equal(["image", "repository", "digest", "scanStatus", "scanType", "completedAt"], f.Details!.Keys);
            Assert.Equal(completed.ToString("O", System.Globalization.CultureInfo.InvariantCulture), f.Details["completedAt"]);
            Assert.Equal("basic", f.Details["scanType"]);
        });
    }

    [Fact]
    [Covers("ecr.scanning-disabled", Outcome.Pass)]
    public void Scanning_disabled_passes_for_scan_on_push_and_continuous() =>
        Run.Passes<ScanningDisabledCheck>(Scan(Inventory(repositories: [Repository("demo/api", scanFrequency: "SCAN_ON_PUSH"), Repository("demo/worker", scanFrequency: "CONTINUOUS_SCAN")]),
            [RunningWorkload(), RunningWorkload("w", images: Running("demo/worker"))]));

    [Fact]
    [Covers("ecr.scanning-disabled", Outcome.Fail)]
    public void Scanning_disabled_reports_manual_repositories_that_run()
    {
        var f = Run.FailsOnce<ScanningDisabledCheck>(Scan(Inventory(repositories: [Repository("demo/api", scanOnPush: false, scanFrequency: "MANUAL"), Repository("demo/unused", scanOnPush: false, scanFrequency: "MANUAL")]),
            [RunningWorkload()]));
        Assert.Equal("111122223333/demo/api", f.Resource.Name);
        Assert.Equal("MANUAL", f.Details!["scanFrequency"]);
    }

    [Fact]
    [Covers("ecr.tag-mutable", Outcome.Pass)]
    public void Tag_mutable_passes_for_immutable() => Run.Passes<TagMutableCheck>(Scan(Inventory(repositories: [Repository()]), [RunningWorkload()]));

    [Fact]
    [Covers("ecr.tag-mutable", Outcome.Fail)]
    public void Tag_mutable_reports_mutable() =>
        Assert.Equal("MUTABLE", Run.FailsOnce<TagMutableCheck>(Scan(Inventory(repositories: [Repository(immutable: false)]), [RunningWorkload()])).Details!["imageTagMutability"]);

    [Fact]
    [Covers("ecr.no-lifecycle", Outcome.Pass)]
    public void No_lifecycle_passes_with_a_policy() => Run.Passes<NoLifecycleCheck>(Scan(Inventory(repositories: [Repository()]), [RunningWorkload()]));

    [Fact]
    [Covers("ecr.no-lifecycle", Outcome.Fail)]
    public void No_lifecycle_reports_missing_policy() => Run.FailsOnce<NoLifecycleCheck>(Scan(Inventory(repositories: [Repository(lifecycle: null)]), [RunningWorkload()]));

    [Fact]
    public void No_lifecycle_is_not_evaluated_when_the_read_is_denied() =>
        Assert.StartsWith("ecr:GetLifecyclePolicy denied",
            Run.NotEvaluated<NoLifecycleCheck>(Scan(Inventory(repositories: [Repository(lifecycle: null)], unavailable: [Denied("ecr:GetLifecyclePolicy")]), [RunningWorkload()])));

    [Fact]
    [Covers("ecr.no-kms", Outcome.Pass)]
    public void No_kms_passes_with_kms() => Run.Passes<NoKmsCheck>(Scan(Inventory(repositories: [Repository()]), [RunningWorkload()]));

    [Fact]
    [Covers("ecr.no-kms", Outcome.Fail)]
    public void No_kms_reports_aes256() =>
        Assert.Equal("AES256", Run.FailsOnce<NoKmsCheck>(Scan(Inventory(repositories: [Repository(kms: false)]), [RunningWorkload()])).Details!["encryptionType"]);

    [Fact]
    [Covers("ecr.repo-public", Outcome.Pass)]
    public void Repo_public_passes_for_named_principals_and_conditioned_wildcards() =>
        Run.Passes<RepositoryPublicCheck>(Scan(Inventory(repositories: [Repository(policy: """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Team","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"ecr:BatchGetImage"},
              {"Sid":"Org","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}},
              {"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"ecr:*"}]}
            """)]), [RunningWorkload()]));

    [Fact]
    [Covers("ecr.repo-public", Outcome.Fail)]
    public void Repo_public_reports_a_wildcard_principal_in_either_form()
    {
        var f = Run.FailsOnce<RepositoryPublicCheck>(Scan(Inventory(repositories: [Repository(policy: """
            {"Statement":{"Sid":"Anyone","Effect":"Allow","Principal":{"AWS":["*"]},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}}
            """)]), [RunningWorkload()]));
        Assert.Contains("Sid Anyone: ecr:BatchGetImage, ecr:GetDownloadUrlForLayer", f.Message);
        Assert.Equal(Severity.Critical, f.Severity);
    }

    [Fact]
    public void Repo_public_with_a_malformed_policy_is_not_evaluated() =>
        Assert.Contains("not valid JSON", Run.NotEvaluated<RepositoryPublicCheck>(Scan(Inventory(repositories: [Repository(policy: "{nope")]), [RunningWorkload()])));
}
