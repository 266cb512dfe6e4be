using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Seeding;

/// <summary>One object read from a manifest, with where it came from (for error messages).</summary>
internal sealed record ManifestObject(JsonObject Object, string Source, int DocumentIndex);

/// <summary>Reads objects from YAML/JSON texts, files and folders; List kinds (and kubectl get -o yaml dumps) are flattened.</summary>
internal static class ManifestObjects
{
    public static IEnumerable<ManifestObject> FromText(string text, string source)
    {
        IReadOnlyList<JsonNode> documents;
        try
        {
            documents = YamlJson.ParseAll(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{source} (line {e.Start.Line}, column {e.Start.Column}): not valid YAML or JSON: {e.InnerException?.Message ?? e.Message}", e);
        }


        for (var i = 0; i < documents.Count; i++)
        {
            foreach (var obj in Flatten(documents[i], source, i)) yield return obj;
        }
    }

    public static IEnumerable<ManifestObject> FromPath(string fileOrDirectory)
    {
        if (Directory.Exists(fileOrDirectory))
        {
            var files = Directory.EnumerateFiles(fileOrDirectory, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            foreach (var f in files)
            {
                foreach (var o in FromText(File.ReadAllText(f), f)) yield return o;
            }
            yield break;
        }
        if (!File.Exists(fileOrDirectory))
        {
            throw new FileNotFoundException($"seed path \"{fileOrDirectory}\" is neither a file nor a directory; pass a YAML/JSON file or a folder of them", fileOrDirectory);
        }
        foreach (var o in FromText(File.ReadAllText(fileOrDirectory), fileOrDirectory)) yield return o;
    }

    private static IEnumerable<ManifestObject> Flatten(JsonNode node, string source, int index)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>()) yield return new ManifestObject(item, source, index);
            yield break;
        }
        if (node is not JsonObject obj) yield break;
        var kind = obj["kind"]?.GetValue<string>() ?? "";
        if ((kind == "List" || kind.EndsWith("List", StringComparison.Ordinal)) && obj["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                var clone = item.DeepClone().AsObject();
                if (clone["kind"] is null && kind != "List") clone["kind"] = kind[..^4];
                if (clone["apiVersion"] is null && obj["apiVersion"] is { } av) clone["apiVersion"] = av.DeepClone();
                yield return new ManifestObject(clone, source, index);
            }
            yield break;
        }
        yield return new ManifestObject(obj, source, index);
    }
}
