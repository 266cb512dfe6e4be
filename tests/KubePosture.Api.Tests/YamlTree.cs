using YamlDotNet.RepresentationModel;

namespace KubePosture.Api.Tests;

/// <summary>Generic view of YAML text (maps, lists, scalars as strings) for schema assertions.</summary>
internal static class YamlTree
{
    public static List<YamlMappingNode> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    public static YamlMappingNode Map(this YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static YamlMappingNode Schema(YamlMappingNode crd) =>
        (YamlMappingNode)((YamlSequenceNode)crd.Map("spec").Children[new YamlScalarNode("versions")]).Children[0].Map("schema").Map("openAPIV3Schema");

    /// <summary>Every schema node under <paramref name="schema"/> with its path.</summary>
    public static IEnumerable<(string Path, YamlMappingNode Node)> Walk(YamlMappingNode schema, string path = "")
    {
        yield return (path, schema);
        if (schema.Get("properties") is YamlMappingNode properties)
        {
            foreach (var (key, value) in properties.Children)
            {
                foreach (var child in Walk((YamlMappingNode)value, $"{path}.{((YamlScalarNode)key).Value}"))
                    yield return child;
            }
        }

        if (schema.Get("items") is YamlMappingNode items)
        {
            foreach (var child in Walk(items, path + "[]"))
                yield return child;
        }

        if (schema.Get("additionalProperties") is YamlMappingNode values)
        {
            foreach (var child in Walk(values, path + "{}"))
                yield return child;
        }
    }
}
