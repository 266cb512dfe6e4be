using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Discovery;

/// <summary>
/// Legacy (unaggregated) discovery: /api, /apis, /apis/{group}, /api/v1 and /apis/{group}/{version}, for every
/// built-in type and every served CRD version. Answered as plain application/json, which makes kubectl fall back
/// from aggregated discovery to these documents.
/// </summary>
internal static class DiscoveryDocuments
{
    public static JsonObject Version(string gitVersion)
    {
        var parts = gitVersion.TrimStart('v').Split('.');
        return new JsonObject
        {
            ["major"] = parts[0],
            ["minor"] = parts.Length > 1 ? parts[1] : "0",
            ["gitVersion"] = gitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = "go1.23.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(TypeRegistry types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Groups(types).Select(g => (JsonNode?)GroupNode(g.Key, g.Value)).ToArray()),
    };

    public static JsonObject? Group(TypeRegistry types, string group)
    {
        var groups = Groups(types);
        if (!groups.TryGetValue(group, out var versions)) return null;
        var node = GroupNode(group, versions);
        node["kind"] = "APIGroup";
        node["apiVersion"] = "v1";
        return node;
    }

    /// <summary>Groups (except core) with their versions, preferred (storage) version first.</summary>
    public static SortedDictionary<string, List<string>> Groups(TypeRegistry types)
    {
        var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in types.All)
        {
            if (t.Group.Length == 0) continue;
            if (!groups.TryGetValue(t.Group, out var versions)) groups[t.Group] = versions = [];
            if (!versions.Contains(t.Version)) versions.Add(t.Version);
        }
        return groups;
    }

    private static JsonObject GroupNode(string group, List<string> versions) => new()
    {
        ["name"] = group,
        ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)new JsonObject { ["groupVersion"] = group + "/" + v, ["version"] = v }).ToArray()),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = group + "/" + versions[0], ["version"] = versions[0] },
    };

    public static JsonObject? ResourceList(TypeRegistry types, string group, string version)
    {
        var matching = types.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (matching.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var t in matching)
        {
            var r = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray(t.Verbs.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            };
            if (t.ShortNames.Count > 0) r["shortNames"] = new JsonArray(t.ShortNames.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            if (t.Categories.Count > 0) r["categories"] = new JsonArray(t.Categories.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            resources.Add(r);
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }
}
