using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Tests.Engine;

public class CheckCatalogTests
{
    [Fact]
    public void Catalog_finds_every_check_sorted_by_unique_id()
    {
        var ids = CheckCatalog.All.Select(c => c.Descriptor.Id).ToArray();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Contains("pod.privileged", ids);
        Assert.Contains("rbac.cluster-admin-binding", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("fake", StringComparison.Ordinal));
    }

    [Fact]
    public void Find_returns_the_check_or_null()
    {
        Assert.Equal("pod.privileged", CheckCatalog.Find("pod.privileged")?.Descriptor.Id);
        Assert.Null(CheckCatalog.Find("pod.nope"));
    }

    [Fact]
    public void Every_descriptor_is_complete()
    {
        Assert.All(CheckCatalog.All, c =>
        {
            var d = c.Descriptor;
            Assert.Matches("^[a-z0-9-]+\\.[a-z0-9-]+$", d.Id);
            Assert.Contains(d.Category, CheckCategory.All);
            Assert.False(string.IsNullOrWhiteSpace(d.Title), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Description), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Remediation), d.Id);
            Assert.NotEmpty(d.References);
        });
    }
}
