using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Patching;

/// <summary>RFC 7386 JSON merge patch (application/merge-patch+json): objects merge, null deletes, everything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject t ? t : new JsonObject();
        foreach (var (key, value) in patchObject.ToList())
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var merged = Apply(result[key]?.DeepClone(), value);
            result[key] = merged;
        }
        return result;
    }
}
