using KubePosture.Checks.Catalog.Image;
using KubePosture.Checks.Catalog.Namespace;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Catalog;

public class ImageAndNamespaceCheckTests
{
    private static WorkloadRecord WithImage(string image, IReadOnlyList<RunningImage>? running = null) =>
        Workload(Spec(Container(image: image)), running: running);

    [Theory]
    [InlineData("nginx:1.27")]
    [InlineData("registry.example.com:5000/team/app:v2")]
    [InlineData("nginx:latest@" + Digest)]
    [InlineData("nginx@" + Digest)]
    [Covers("image.tag-latest", Outcome.Pass)]
    public void Tag_latest_passes_for_versions_and_digests(string image) => Run.Passes<ImageTagLatestCheck>(WithImage(image));

    [Theory]
    [InlineData("nginx")]
    [InlineData("nginx:latest")]
    [InlineData("localhost:5000/app")]
    [InlineData("registry.example.com:5000/team/app")]
    [Covers("image.tag-latest", Outcome.Fail)]
    public void Tag_latest_fails_for_latest_or_no_tag(string image)
    {
        var f = Run.FailsOnce<ImageTagLatestCheck>(WithImage(image));
        Assert.Equal(image, f.Details!["image"]);
        Assert.Equal(Severity.Medium, f.Severity);
    }

    [Fact]
    [Covers("image.tag-latest", Outcome.Fail)]
    public void Tag_latest_malformed_digest_is_not_a_digest()
    {
        var f = Run.FailsOnce<ImageTagLatestCheck>(WithImage("nginx@sha256:abc123"));
        Assert.Contains("malformed", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("image.not-pinned", Outcome.Pass)]
    public void Not_pinned_passes_for_digest() => Run.Passes<ImageNotPinnedCheck>(WithImage("nginx:1.27@" + Digest));

    [Fact]
    [Covers("image.not-pinned", Outcome.Fail)]
    public void Not_pinned_fails_for_tag_and_reports_the_running_digest()
    {
        var f = Run.FailsOnce<ImageNotPinnedCheck>(WithImage("nginx:1.27", [new RunningImage("app", "docker.io/library/nginx:1.27", "docker.io/library/nginx@" + Digest)]));
        Assert.Equal(Digest, f.Details!["runningDigests"]);
        Assert.Contains("running " + Digest, f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx@sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("nginx@sha256:0123")]
    [InlineData("nginx@blake3:0123")]
    [InlineData("nginx@sha256-:0123456789abcdef0123456789abcdef")]
    [Covers("image.not-pinned", Outcome.Fail)]
    public void Not_pinned_malformed_digest_does_not_pin(string image)
    {
        var f = Run.FailsOnce<ImageNotPinnedCheck>(WithImage(image));
        Assert.Contains("malformed digest", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx@blake3:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("nginx@md5:0123456789abcdef0123456789abcdef")]
    [Covers("image.not-pinned", Outcome.Pass)]
    public void Not_pinned_passes_for_other_registered_and_custom_digest_algorithms(string image) =>
        // The OCI image spec grammar admits any algorithm; what runs is fixed by it (or the pull fails), never a moving tag.
        Run.Passes<ImageNotPinnedCheck>(WithImage(image));

    [Fact]
    public void Image_checks_cover_init_and_ephemeral_containers()
    {
        var w = Workload(Spec(Container(), Container("init", ContainerKind.Init, "busybox"), Container("debug", ContainerKind.Ephemeral, "busybox:latest")));
        var findings = Run.Check<ImageTagLatestCheck>(Of(w));
        Assert.Equal(["init", "debug"], findings.Select(f => f.Details!["container"]));
    }

    [Theory]
    [InlineData("baseline")]
    [InlineData("restricted")]
    [Covers("namespace.pss-not-enforced", Outcome.Pass)]
    public void Pss_passes_when_enforced(string level) =>
        Run.Passes<PssNotEnforcedCheck>(Cluster(namespaces: [Namespace("team-a", ("pod-security.kubernetes.io/enforce", level))]));

    [Theory]
    [InlineData("Baseline")]
    [InlineData("enforced")]
    [InlineData("")]
    [Covers("namespace.pss-not-enforced", Outcome.Pass)]
    public void Pss_invalid_enforce_value_fails_closed_to_restricted(string value) =>
        // Pod Security admission enforces restricted (and latest) when the enforce label cannot be parsed.
        Run.Passes<PssNotEnforcedCheck>(Cluster(namespaces: [Namespace("team-a", ("pod-security.kubernetes.io/enforce", value))]));

    [Fact]
    [Covers("namespace.pss-not-enforced", Outcome.Pass)]
    public void Pss_skips_system_namespaces_unless_included() =>
        Run.Passes<PssNotEnforcedCheck>(Cluster(namespaces: [Namespace("kube-system")]));

    [Fact]
    [Covers("namespace.pss-not-enforced", Outcome.Fail)]
    public void Pss_fails_for_system_namespace_when_scan_includes_them() =>
        Run.FailsOnce<PssNotEnforcedCheck>(Cluster(namespaces: [Namespace("kube-system")], scope: ClusterScope() with { IncludesSystemNamespaces = true }));

    [Fact]
    [Covers("namespace.pss-not-enforced", Outcome.Fail)]
    public void Pss_fails_for_privileged_or_missing_label_and_reports_weakest_workload()
    {
        var privileged = Workload().WithSpec(s => s with { HostNetwork = true });
        var findings = Run.Check<PssNotEnforcedCheck>(Cluster(
            [privileged, Workload(ns: "team-b")],
            namespaces: [Namespace("team-a"), Namespace("team-b", ("pod-security.kubernetes.io/enforce", "privileged")), Namespace("outside")]));
        Assert.Equal(2, findings.Count);
        var a = findings.Single(f => f.Resource.Name == "team-a");
        Assert.Equal(new ResourceRef("v1", "Namespace", null, "team-a"), a.Resource);
        Assert.Equal("unset", a.Details!["value"]);
        Assert.Equal("privileged", a.Details["weakestWorkloadLevel"]);
        var b = findings.Single(f => f.Resource.Name == "team-b");
        Assert.Equal("privileged", b.Details!["value"]);
        Assert.Equal("restricted", b.Details["weakestWorkloadLevel"]);
    }

    [Fact]
    [Covers("namespace.pss-not-enforced", Outcome.Fail)]
    public void Pss_assesses_workloads_at_the_pinned_enforce_version_and_names_audit_and_warn()
    {
        // A readiness probe with host is allowed by baseline before v1.34 and forbidden from v1.34.
        var probe = Workload().WithContainers(c => c with { HandlerHosts = [new HandlerHostRecord("readinessProbe.httpGet.host", "10.0.0.1")] });
        var pinned = Namespace("team-a", ("pod-security.kubernetes.io/enforce-version", "v1.33"), ("pod-security.kubernetes.io/warn", "restricted"));
        var f = Run.FailsOnce<PssNotEnforcedCheck>(Cluster([probe], namespaces: [pinned]));
        Assert.Equal("restricted", f.Details!["weakestWorkloadLevel"]);
        Assert.Equal("v1.33", f.Details["version"]);
        Assert.Equal("restricted:latest", f.Details["warn"]);
        Assert.Contains("(policy v1.33)", f.Message, StringComparison.Ordinal);

        var latest = Run.FailsOnce<PssNotEnforcedCheck>(Cluster([probe], namespaces: [Namespace("team-a")]));
        Assert.Equal("privileged", latest.Details!["weakestWorkloadLevel"]);
    }

    [Fact]
    [Covers("api.removed-version", Outcome.Pass)]
    public void Removed_version_passes_when_no_object_uses_one() =>
        Run.Passes<KubePosture.Checks.Catalog.Api.RemovedVersionCheck>(Cluster([Workload(kind: "CronJob", name: "nightly")]));

    [Fact]
    [Covers("api.removed-version", Outcome.Fail)]
    public void Removed_version_names_the_replacement_and_the_release_that_removed_it()
    {
        var written = new ResourceRef("batch/v1beta1", "CronJob", "team-a", "nightly");
        var f = Run.FailsOnce<KubePosture.Checks.Catalog.Api.RemovedVersionCheck>(Cluster() with
        {
            RemovedApiObjects = [new RemovedApiObjectRecord(written, "batch/v1", "v1.25")],
        });
        Assert.Equal(written, f.Resource);
        Assert.Equal("batch/v1", f.Details!["replacementApiVersion"]);
        Assert.Equal("v1.25", f.Details["removedIn"]);
        Assert.Equal("CronJob nightly is written as batch/v1beta1, which Kubernetes v1.25 removed; use batch/v1", f.Message);
    }
}
