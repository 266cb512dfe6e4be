using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Tests.Inventory;

public sealed class ListIndexTests
{
    private static ClusterInventory With(params ServiceAccountRecord[] accounts) => new()
    {
        ScanTime = DateTimeOffset.UnixEpoch,
        Scope = new InventoryScope(new HashSet<string>(["a", "b"]), ClusterScoped: true, Aws: false, IncludesSystemNamespaces: true),
        ServiceAccounts = accounts,
    };

    [Fact]
    public void Finds_by_key_the_first_item_as_a_linear_search_would_and_nothing_for_an_unknown_key()
    {
        var first = new ServiceAccountRecord("a", "web", true, null);
        var inventory = With(first, new ServiceAccountRecord("a", "web", false, "arn:aws:iam::123456789012:role/x"), new ServiceAccountRecord("b", "web", null, null));

        Assert.Same(first, inventory.ServiceAccount("a", "web"));
        Assert.Equal("b", inventory.ServiceAccount("b", "web")!.Namespace);
        Assert.Null(inventory.ServiceAccount("a", "api"));
        Assert.Null(inventory.ServiceAccount("c", "web"));
    }

    [Fact]
    public void A_copy_with_another_list_is_indexed_on_its_own()
    {
        var inventory = With(new ServiceAccountRecord("a", "web", true, null));
        Assert.NotNull(inventory.ServiceAccount("a", "web")); // the first list's index is built

        var copy = inventory with { ServiceAccounts = [new ServiceAccountRecord("a", "api", true, null)] };
        Assert.Null(copy.ServiceAccount("a", "web"));
        Assert.NotNull(copy.ServiceAccount("a", "api"));
        Assert.NotNull(inventory.ServiceAccount("a", "web"));
    }
}
