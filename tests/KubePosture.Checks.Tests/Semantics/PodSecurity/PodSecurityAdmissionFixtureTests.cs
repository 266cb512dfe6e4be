using System.Globalization;
using System.Reflection;
using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;
using KubePosture.Inventory;
using KubePosture.Inventory.Manifests;

namespace KubePosture.Checks.Tests.Semantics.PodSecurity;

/// <summary>
/// The upstream Pod Security admission fixtures (tests/KubePosture.Checks.Tests/PodSecurityAdmission, Apache-2.0) as a
/// test of the project: each pod is read by the offline scan's manifest reader into the inventory, placed in a namespace
/// that enforces the fixture's level at the fixture's version, and must be allowed exactly when it is a pass fixture.
/// </summary>
public class PodSecurityAdmissionFixtureTests
{
    private static readonly string Root = typeof(PodSecurityAdmissionFixtureTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PodSecurityAdmissionFixtures").Value!;

    public static TheoryData<string, int> LevelVersions()
    {
        var data = new TheoryData<string, int>();
        foreach (var level in new[] { "baseline", "restricted" })
        {
            for (var minor = 0; minor <= PodSecurityVersion.NewestMinor; minor++)
                data.Add(level, minor);
        }

        return data;
    }

    [Fact]
    public void Every_version_up_to_the_newest_has_fixtures_and_none_newer_is_left_out()
    {
        foreach (var level in new[] { "baseline", "restricted" })
        {
            var versions = Directory.GetDirectories(Path.Combine(Root, level))
                .Select(d => int.Parse(Path.GetFileName(d)["v1.".Length..], CultureInfo.InvariantCulture))
                .Order()
                .ToArray();
            Assert.Equal(Enumerable.Range(0, PodSecurityVersion.NewestMinor + 1), versions);
        }

        Assert.Equal(4537, Directory.GetFiles(Root, "*.yaml", SearchOption.AllDirectories).Length);
    }

    [Theory]
    [MemberData(nameof(LevelVersions))]
    public void Every_fixture_is_allowed_exactly_when_upstream_allows_it(string level, int minor)
    {
        var version = $"v1.{minor}";
        var disagreements = new List<string>();
        var count = 0;
        foreach (var outcome in new[] { "pass", "fail" })
        {
            var dir = Path.Combine(Root, level, version, outcome);
            foreach (var file in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
            {
                count++;
                var inventory = Admit(file, level, version);
                var workload = Assert.Single(inventory.Workloads);
                var evaluation = WorkloadPodSecurity.Of(inventory, workload);
                Assert.Equal(version, evaluation.Version.ToString());
                var allowed = evaluation.Meets(PodSecurityStandards.ParseLevel(level)!.Value);
                // The remembered level (status, findings) and failed controls (pod checks, compliance) agree with the full evaluation.
                Assert.Equal(evaluation.Level, WorkloadPodSecurity.Level(inventory, workload));
                Assert.Equal(
                    evaluation.Results.Where(r => r.Failed).Select(r => r.Control.Id),
                    WorkloadPodSecurity.FailedAt(workload.Spec, evaluation.Version).Controls.Select(c => c.Id));
                if (allowed != (outcome == "pass"))
                {
                    var why = string.Join("; ", evaluation.ViolationsOf(PodSecurityStandards.ParseLevel(level)!.Value).Select(v => $"{v.ControlId}: {v.Detail}"));
                    disagreements.Add($"{level}/{version}/{outcome}/{Path.GetFileName(file)}: {(allowed ? "allowed" : "rejected")} {why}");
                }
            }
        }

        Assert.True(count > 0, $"no fixtures for {level} {version}");
        Assert.Empty(disagreements);
    }

    /// <summary>The fixture's pod, read as the offline scan reads manifests, in a namespace enforcing level at version.</summary>
    private static ClusterInventory Admit(string file, string level, string version)
    {
        var store = new InventoryStore(retainOwnedPodSpecs: true);
        store.Upsert(new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta
            {
                Name = "fixtures",
                Labels = new Dictionary<string, string>
                {
                    [NamespacePodSecurity.EnforceLabel] = level,
                    [NamespacePodSecurity.EnforceLabel + "-version"] = version,
                },
            },
        });
        foreach (var entry in ManifestReader.Read(file))
        {
            var obj = Assert.IsType<ManifestObject>(entry).Object;
            obj.Metadata.NamespaceProperty = "fixtures";
            store.Upsert(obj);
        }

        var scope = new InventoryScope(new HashSet<string>(StringComparer.Ordinal) { "fixtures" }, ClusterScoped: true, Aws: false, IncludesSystemNamespaces: false);
        return store.Snapshot(scope, DateTimeOffset.UnixEpoch, CheckSettings.Default, null);
    }
}
