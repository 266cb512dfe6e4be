using System.Text.Json.Nodes;
using KubePosture.Aws.SecurityHub;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;

namespace KubePosture.Aws.Tests.SecurityHub;

public sealed class AsffMapperTests
{
    internal static readonly AsffSource Source = new("aws", "eu-west-1", "123456789012", "prod-1", "kubeposture/cluster");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly CheckDescriptor Privileged = CheckCatalog.All.Single(c => c.Descriptor.Id == "pod.privileged").Descriptor;
    private static readonly ResourceRef Web = new("apps/v1", "Deployment", "shop", "web");

    internal static Finding Container(string container, string message = "runs privileged") =>
        new("pod.privileged", Severity.Critical, Web, $"Deployment web: container \"{container}\" {message}", new Dictionary<string, string> { ["container"] = container });

    [Fact]
    public void The_same_finding_maps_to_the_same_id_and_hash_and_a_changed_message_keeps_the_id()
    {
        var first = AsffScan.Map([Container("app")], [], Source).Single();
        var again = AsffScan.Map([Container("app")], [], Source).Single();
        var changed = AsffScan.Map([Container("app", "runs privileged since today")], [], Source).Single();

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.Equal(first.Id, changed.Id);
        Assert.NotEqual(first.ContentHash, changed.ContentHash);
        Assert.Equal("arn:aws:eks:eu-west-1:123456789012:cluster/prod-1/pod.privileged/Deployment/shop/web#app", first.Id);
    }

    [Fact]
    public void Findings_of_one_check_on_one_resource_get_distinct_ids_whatever_their_order()
    {
        Finding[] findings = [Container("app"), Container("sidecar"), Container("app", "also mounts the socket")];

        var ids = AsffScan.Map(findings, [], Source).Select(f => f.Id).ToList();
        var reversed = AsffScan.Map(findings.Reverse(), [], Source).Select(f => f.Id).ToHashSet();

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(reversed, ids.ToHashSet());
    }

    [Fact]
    public void Values_over_the_asff_limits_are_cut_with_a_marker_and_long_ids_end_with_a_hash()
    {
        var longName = new string('n', 600);
        var finding = new Finding("pod.privileged", Severity.High, new ResourceRef("apps/v1", "Deployment", "shop", longName), new string('m', 5000),
            new Dictionary<string, string> { ["evidence"] = new string('e', 3000) });

        var mapped = AsffMapper.Map(finding, Privileged, Source);
        var document = mapped.ToImport(Now, Now);

        Assert.Empty(AsffConformance.Problems([document]));
        Assert.Equal(AsffLimits.Description, document["Description"]!.GetValue<string>().Length);
        Assert.EndsWith(AsffLimits.Marker, document["Description"]!.GetValue<string>());
        Assert.EndsWith(AsffLimits.Marker, document["ProductFields"]!["kubeposture/detail/evidence"]!.GetValue<string>());
        Assert.Equal(AsffLimits.Id, mapped.Id.Length);
        Assert.Contains("#sha256:", mapped.Id);
        Assert.Equal(mapped.Id, AsffMapper.Map(finding, Privileged, Source).Id);
        Assert.NotEqual(mapped.Id, AsffMapper.Map(finding with { Resource = finding.Resource with { Name = longName + "x" } }, Privileged, Source).Id);
    }

    [Fact]
    public void A_suppressed_finding_is_created_suppressed_with_a_note_and_says_by_what()
    {
        var mapped = AsffScan.Map([], [(Container("app"), new AsffSuppression("PostureException shop/legacy", "vendor image, replaced in Q3"))], Source).Single();
        var document = mapped.ToImport(Now, Now);

        Assert.True(mapped.Suppressed);
        Assert.Equal("SUPPRESSED", document["Workflow"]!["Status"]!.GetValue<string>());
        Assert.Equal("Suppressed by PostureException shop/legacy: vendor image, replaced in Q3", document["Note"]!["Text"]!.GetValue<string>());
        Assert.Equal("PostureException shop/legacy", document["ProductFields"]!["kubeposture/SuppressedBy"]!.GetValue<string>());
        Assert.Equal("FAILED", document["Compliance"]!["Status"]!.GetValue<string>());
        Assert.NotEqual(AsffScan.Map([Container("app")], [], Source).Single().ContentHash, mapped.ContentHash);
        Assert.Empty(AsffConformance.Problems([document]));
    }

    [Fact]
    public void An_archive_is_the_last_export_archived_and_passed_without_the_customer_fields()
    {
        var exported = AsffScan.Map([], [(Container("app"), new AsffSuppression("PostureException shop/legacy", "accepted"))], Source).Single().ToImport(Now, Now);
        exported["ProductFields"]!.AsObject()["aws/securityhub/FindingId"] = "added by Security Hub";

        var archive = AsffArchive.From(exported, Now.AddHours(1));

        Assert.Equal("ARCHIVED", archive["RecordState"]!.GetValue<string>());
        Assert.Equal("PASSED", archive["Compliance"]!["Status"]!.GetValue<string>());
        Assert.Null(archive["Workflow"]);
        Assert.Null(archive["Note"]);
        Assert.Null(archive["ProductFields"]!["aws/securityhub/FindingId"]);
        Assert.Equal(exported["Id"]!.GetValue<string>(), archive["Id"]!.GetValue<string>());
        Assert.Equal(exported["CreatedAt"]!.GetValue<string>(), archive["CreatedAt"]!.GetValue<string>());
        Assert.Equal("2026-12-01T11:00:00.000Z", archive["UpdatedAt"]!.GetValue<string>());
        Assert.Empty(AsffConformance.Problems(new JsonArray(archive)));
    }
}
