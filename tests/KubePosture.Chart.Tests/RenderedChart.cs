using YamlDotNet.RepresentationModel;

namespace KubePosture.Chart.Tests;

/// <summary>A Kubernetes object rendered by `helm template`, with typed access to the usual paths.</summary>
internal sealed class Manifest(YamlMappingNode root, string source)
{
    public YamlMappingNode Root { get; } = root;
    public string Source { get; } = source;
    public string Kind => Root.Str("kind")!;
    public string ApiVersion => Root.Str("apiVersion")!;
    public string Name => Root.Map("metadata").Str("name")!;
    public string? Namespace => Root.Map("metadata").Str("namespace");
    public YamlMappingNode Metadata => Root.Map("metadata");
    public YamlMappingNode Spec => Root.Map("spec");
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}

/// <summary>The manifests of one `helm template` run.</summary>
internal sealed class RenderedChart(IReadOnlyList<Manifest> manifests, string text)
{
    public const string Release = "kubeposture";
    public const string Namespace = "kubeposture";

    public IReadOnlyList<Manifest> Manifests { get; } = manifests;
    public string Text { get; } = text;

    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    public Manifest Single(string kind) => Assert.Single(OfKind(kind));

    public Manifest Single(string kind, string name) => Assert.Single(Manifests, m => m.Kind == kind && m.Name == name);

    /// <summary>Renders the chart with the values files (relative to the chart) and --set pairs.</summary>
    public static async Task<RenderedChart> RenderAsync(IEnumerable<string> valuesFiles, IEnumerable<string> sets, CancellationToken cancellationToken)
    {
        var result = await TryRenderAsync(valuesFiles, sets, cancellationToken);
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.Describe()}");
        return Parse(result.Stdout);
    }

    public static Task<ProcessResult> TryRenderAsync(IEnumerable<string> valuesFiles, IEnumerable<string> sets, CancellationToken cancellationToken)
    {
        var args = new List<string> { "template", Release, Tools.ChartPath, "--namespace", Namespace };
        foreach (var file in valuesFiles)
            args.AddRange(["--values", Path.Combine(Tools.ChartPath, file)]);
        foreach (var set in sets)
            args.AddRange(["--set", set]);
        return ProcessRunner.RunAsync(Tools.Helm, args, null, cancellationToken);
    }

    public static RenderedChart Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var manifests = new List<Manifest>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode map && map.Children.Count > 0)
                manifests.Add(new Manifest(map, ""));
        }

        return new RenderedChart(manifests, text);
    }
}

internal static class YamlNodeExtensions
{
    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        node.Get(key) as YamlMappingNode ?? throw new KeyNotFoundException($"no map '{key}' in {node}");

    public static YamlMappingNode? MapOrNull(this YamlMappingNode node, string key) => node.Get(key) as YamlMappingNode;

    public static YamlSequenceNode Seq(this YamlMappingNode node, string key) =>
        node.Get(key) as YamlSequenceNode ?? throw new KeyNotFoundException($"no list '{key}' in {node}");

    public static IReadOnlyList<YamlMappingNode> Maps(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.Cast<YamlMappingNode>().ToList() ?? [];

    public static string? Str(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IReadOnlyList<string> Strings(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList() ?? [];

    public static IReadOnlyDictionary<string, string> StringMap(this YamlMappingNode node, string key) =>
        node.MapOrNull(key)?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!) ?? new Dictionary<string, string>();
}
