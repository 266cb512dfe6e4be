using System.Text.Json;
using KubePosture.Operator.Cli.Scan;

namespace KubePosture.Operator.Tests.Scan;

/// <summary>SARIF output checked against the required properties and enums of the SARIF 2.1.0 schema.</summary>
public class SarifOutputTests
{
    private static readonly string[] Levels = ["none", "note", "warning", "error"];

    [Fact]
    public async Task Sarif_has_every_required_field_and_consistent_rule_indexes()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("sub dir/app.yaml", Manifests.PrivilegedDeployment + "\n---\n" + Manifests.RestrictedDeployment);

        var run = await ScanRun.InvokeAsync(["-f", dir.Path, "-o", "sarif", "--checks", "pod-security"]);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        using var sarif = JsonDocument.Parse(run.Output);
        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal(SarifReportWriter.Schema, root.GetProperty("$schema").GetString());
        var runObject = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = runObject.GetProperty("tool").GetProperty("driver");
        Assert.Equal("kubeposture", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToArray();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Levels);
            Assert.True(double.TryParse(rule.GetProperty("properties").GetProperty("security-severity").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        });

        var results = runObject.GetProperty("results").EnumerateArray().ToArray();
        Assert.NotEmpty(results);
        Assert.All(results, result =>
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.Contains(result.GetProperty("level").GetString(), Levels);
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray());
            var physical = location.GetProperty("physicalLocation");
            Assert.Equal("file://" + SarifReportWriter.ToUri(file)[7..], physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.True(Uri.TryCreate(physical.GetProperty("artifactLocation").GetProperty("uri").GetString(), UriKind.Absolute, out _));
            Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.StartsWith("Deployment/shop/", Assert.Single(location.GetProperty("logicalLocations").EnumerateArray()).GetProperty("fullyQualifiedName").GetString());
        });
        var privileged = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "pod.privileged");
        Assert.Equal("error", privileged.GetProperty("level").GetString());
        Assert.Contains("sub%20dir/app.yaml", SarifReportWriter.ToUri(file));
        Assert.True(runObject.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
    }

    [Fact]
    public async Task Malformed_documents_become_tool_notifications()
    {
        var run = await ScanRun.InvokeAsync(["-f", "-", "-o", "sarif"], "apiVersion: v1\nkind: Namespace\nmetadata: {name: [x\n");

        Assert.Equal(ScanExitCodes.UsageOrInputError, run.ExitCode);
        using var sarif = JsonDocument.Parse(run.Output);
        var invocation = sarif.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notification = Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray());
        Assert.StartsWith("<stdin> document 1", notification.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("stdin", notification.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("app.yaml", "app.yaml")]
    [InlineData("charts/my app/x.yaml", "charts/my%20app/x.yaml")]
    [InlineData("/tmp/a b.yaml", "file:///tmp/a%20b.yaml")]
    [InlineData("<stdin>", "stdin")]
    public void File_names_become_uris(string file, string uri) => Assert.Equal(uri, SarifReportWriter.ToUri(file));
}
