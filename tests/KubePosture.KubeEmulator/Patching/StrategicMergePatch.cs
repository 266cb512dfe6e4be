using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Patching;

/// <summary>
/// Strategic merge patch for built-in types (application/strategic-merge-patch+json). An approximation of
/// k8s.io/apimachinery/pkg/util/strategicpatch: lists whose field name has a known merge key (containers, env,
/// volumes, volumeMounts, ports, ...) merge element-wise by that key; metadata.finalizers merges as a set;
/// other lists replace. Directives: <c>$patch: delete|replace|merge</c>, <c>$deleteFromPrimitiveList/&lt;field&gt;</c>;
/// <c>$setElementOrder/&lt;field&gt;</c> and <c>$retainKeys</c> are accepted and ignored.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
        ["containerStatuses"] = "name",
        ["initContainerStatuses"] = "name",
        ["addresses"] = "type",
        ["taints"] = "key",
    };

    private static readonly HashSet<string> PrimitiveSetLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => Merge(target, patch, parentField: null);

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, string? parentField)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        if (p["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)p.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        if (p["$patch"]?.GetValue<string>() == "delete") return null;
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in p.ToList())
        {
            if (key == "$patch" || key == "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal)) continue;
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray existingList && value is JsonArray toDelete)
                {
                    foreach (var d in toDelete)
                    {
                        for (var i = existingList.Count - 1; i >= 0; i--)
                        {
                            if (JsonNode.DeepEquals(existingList[i], d)) existingList.RemoveAt(i);
                        }
                    }
                }
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            if (value is JsonArray patchList)
            {
                result[key] = MergeList(result[key] as JsonArray, patchList, key);
                continue;
            }
            var merged = Merge(result[key]?.DeepClone(), value, key);
            if (merged is null) result.Remove(key);
            else result[key] = merged;
        }
        _ = parentField;
        return result;
    }

    private static JsonArray MergeList(JsonArray? current, JsonArray patch, string field)
    {
        if (PrimitiveSetLists.Contains(field))
        {
            var set = current is null ? new JsonArray() : (JsonArray)current.DeepClone();
            foreach (var v in patch)
            {
                if (!set.Any(x => JsonNode.DeepEquals(x, v))) set.Add(v?.DeepClone());
            }
            return set;
        }
        if (patch.Any(e => e is JsonObject o && o["$patch"]?.GetValue<string>() == "replace"))
        {
            return new JsonArray(patch.Where(e => !(e is JsonObject o && o.ContainsKey("$patch"))).Select(e => e?.DeepClone()).ToArray());
        }
        if (MergeKeys.TryGetValue(field, out var mergeKey) && field == "ports"
            && patch.All(e => e is JsonObject o && o["containerPort"] is null && o["port"] is not null))
        {
            mergeKey = "port";
        }
        if (mergeKey is null || current is null)
        {
            return new JsonArray(patch.Where(e => !(e is JsonObject o && o["$patch"]?.GetValue<string>() == "delete")).Select(e => StripDirectives(e?.DeepClone())).ToArray());
        }
        var result = (JsonArray)current.DeepClone();
        foreach (var element in patch)
        {
            if (element is not JsonObject pe || pe[mergeKey] is null)
            {
                result.Add(element?.DeepClone());
                continue;
            }
            var index = IndexOf(result, mergeKey, pe[mergeKey]);
            if (pe["$patch"]?.GetValue<string>() == "delete")
            {
                if (index >= 0) result.RemoveAt(index);
                continue;
            }
            if (index >= 0) result[index] = Merge(result[index]?.DeepClone(), pe, field);
            else result.Add(StripDirectives(pe.DeepClone()));
        }
        return result;
    }

    private static int IndexOf(JsonArray list, string key, JsonNode? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && JsonNode.DeepEquals(o[key], value)) return i;
        }
        return -1;
    }

    private static JsonNode? StripDirectives(JsonNode? node) => node is JsonObject o ? Merge(new JsonObject(), o, null) : node;
}
