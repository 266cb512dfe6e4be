using KubePosture.Inventory.Mapping;

namespace KubePosture.Inventory.Tests.Mapping;

public class CompactDictionaryTests
{
    [Fact]
    public void A_copied_map_answers_like_the_source_in_the_source_order()
    {
        var source = new Dictionary<string, string> { ["tier"] = "web", ["app"] = "shop", ["team"] = "" };

        var map = new StringPool().Map(source);

        Assert.Equal(3, map.Count);
        Assert.Equal(["tier", "app", "team"], map.Keys);
        Assert.Equal(["web", "shop", ""], map.Values);
        Assert.Equal(source.ToList(), map.ToList());
        Assert.True(map.TryGetValue("app", out var app));
        Assert.Equal("shop", app);
        Assert.Equal("web", map["tier"]);
        Assert.True(map.ContainsKey("team"));
        Assert.False(map.ContainsKey("App"));
        Assert.False(map.TryGetValue("missing", out _));
        Assert.Contains("\"missing\"", Assert.Throws<KeyNotFoundException>(() => map["missing"]).Message);
    }

    [Fact]
    public void Kept_entries_only_and_nothing_kept_is_the_shared_empty_map()
    {
        var pool = new StringPool();
        var annotations = new Dictionary<string, string> { ["kubeposture.io/exempt"] = "pod.privileged", ["other"] = "x" };

        var kept = pool.Map(annotations, key => key.StartsWith("kubeposture.io/", StringComparison.Ordinal));

        Assert.Equal([new KeyValuePair<string, string>("kubeposture.io/exempt", "pod.privileged")], kept);
        Assert.Same(StringPool.EmptyMap, pool.Map(annotations, _ => false));
        Assert.Same(StringPool.EmptyMap, pool.Map(null));
        Assert.Empty(StringPool.EmptyMap);
    }

    [Fact]
    public void Large_maps_answer_the_same()
    {
        var source = Enumerable.Range(0, CompactDictionary.MaxEntries + 5).ToDictionary(i => $"k{i}", i => $"v{i}");

        var map = new StringPool().Map(source);

        Assert.Equal(source.Count, map.Count);
        Assert.All(source, p => Assert.Equal(p.Value, map[p.Key]));
    }

    [Fact]
    public void Items_must_pair_keys_with_values() =>
        Assert.Throws<ArgumentException>(() => new CompactDictionary(["only-a-key"]));
}
