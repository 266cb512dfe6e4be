using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Security;

/// <summary>An RBAC rule with kube-apiserver's matching (rbac/v1 helpers: VerbMatches, ResourceMatches, ...).</summary>
internal sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    public static PolicyRule FromJson(JsonNode? node) => new(
        Strings(node?["verbs"]), Strings(node?["apiGroups"]), Strings(node?["resources"]),
        Strings(node?["resourceNames"]), Strings(node?["nonResourceURLs"]));

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => x?.GetValue<string>() ?? "").ToArray() : [];

    public JsonObject ToJson()
    {
        var o = new JsonObject { ["verbs"] = Array(Verbs) };
        if (ApiGroups.Length > 0) o["apiGroups"] = Array(ApiGroups);
        if (Resources.Length > 0) o["resources"] = Array(Resources);
        if (ResourceNames.Length > 0) o["resourceNames"] = Array(ResourceNames);
        if (NonResourceUrls.Length > 0) o["nonResourceURLs"] = Array(NonResourceUrls);
        return o;
    }

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public bool Allows(AuthorizationAttributes a)
    {
        if (!Verbs.Contains("*") && !Verbs.Contains(a.Verb)) return false;
        if (!a.IsResourceRequest)
        {
            foreach (var url in NonResourceUrls)
            {
                if (url == "*" || url == a.Path) return true;
                if (url.EndsWith('*') && a.Path.StartsWith(url[..^1], StringComparison.Ordinal)) return true;
            }
            return false;
        }
        if (!ApiGroups.Contains("*") && !ApiGroups.Contains(a.ApiGroup)) return false;
        if (!ResourceMatches(a)) return false;
        return ResourceNames.Length == 0 || (a.Name.Length > 0 && ResourceNames.Contains(a.Name));
    }

    private bool ResourceMatches(AuthorizationAttributes a)
    {
        var combined = a.Subresource.Length == 0 ? a.Resource : a.Resource + "/" + a.Subresource;
        foreach (var r in Resources)
        {
            if (r == "*" || r == combined) return true;
            if (a.Subresource.Length > 0 && r.Length == a.Subresource.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.AsSpan(2).SequenceEqual(a.Subresource)) return true;
        }
        return false;
    }
}
