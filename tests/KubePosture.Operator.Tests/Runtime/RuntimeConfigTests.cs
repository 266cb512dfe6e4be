using System.Text.Json.Nodes;

namespace KubePosture.Operator.Tests.Runtime;

/// <summary>
/// The operator's runtime settings (docs/performance.md) travel in kubeposture.runtimeconfig.json, so they hold in the
/// chart, the CLI and the benchmark alike; losing one in a project-file edit silently costs memory or start-up time.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonObject ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "kubeposture.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} not found: the operator's build output is copied next to the tests");
        return JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!.AsObject();
    }

    [Fact]
    public void Workstation_GC_that_conserves_memory()
    {
        var properties = ConfigProperties();
        Assert.False(properties["System.GC.Server"]!.GetValue<bool>());
        Assert.InRange(properties["System.GC.ConserveMemory"]!.GetValue<int>(), 5, 9);
    }

    [Fact]
    public void No_tiered_PGO_instrumentation()
    {
        Assert.False(ConfigProperties()["System.Runtime.TieredPGO"]!.GetValue<bool>());
    }
}
