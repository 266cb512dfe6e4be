using Microsoft.AspNetCore.Http;

namespace KubePosture.KubeEmulator.Http;

/// <summary>What a request addresses, parsed like kube-apiserver's RequestInfoFactory.</summary>
internal sealed record RequestInfo
{
    public bool IsResourceRequest { get; init; }
    public string Path { get; init; } = "/";
    public string Verb { get; init; } = "get";
    public string Group { get; init; } = "";
    public string Version { get; init; } = "";
    public string Namespace { get; init; } = "";
    public string Resource { get; init; } = "";
    public string Subresource { get; init; } = "";
    public string Name { get; init; } = "";

    /// <summary>True when the name was taken from a metadata.name field selector of a list or watch.</summary>
    public bool NameFromFieldSelector { get; init; }

    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    public static RequestInfo Parse(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var method = request.Method.ToUpperInvariant();
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestInfo { Path = path, Verb = method.ToLowerInvariant() };
        int rest;
        string group;
        string version;
        if (parts.Length >= 3 && parts[0] == "api") { group = ""; version = parts[1]; rest = 2; }
        else if (parts.Length >= 4 && parts[0] == "apis") { group = parts[1]; version = parts[2]; rest = 3; }
        else return nonResource;
        var current = parts[rest..];
        var ns = "";
        if (current[0] == "namespaces" && current.Length > 1)
        {
            ns = current[1];
            if (current.Length > 2 && !NamespaceSubresources.Contains(current[2])) current = current[2..];
        }
        var resource = current[0];
        var name = current.Length > 1 ? current[1] : "";
        var sub = current.Length > 2 ? current[2] : "";
        var watch = IsTrue(request.Query["watch"]);
        var verb = method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => name.Length > 0 ? (watch ? "watch" : "get") : (watch ? "watch" : "list"),
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length > 0 ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        var fromSelector = false;
        if (name.Length == 0 && verb is "list" or "watch" or "deletecollection")
        {
            var pinned = PinnedName(request.Query["fieldSelector"].ToString());
            if (pinned is not null && verb != "deletecollection")
            {
                name = pinned;
                fromSelector = true;
            }
        }
        return new RequestInfo
        {
            IsResourceRequest = true,
            Path = path,
            Verb = verb,
            Group = group,
            Version = version,
            Namespace = ns,
            Resource = resource,
            Subresource = sub,
            Name = name,
            NameFromFieldSelector = fromSelector,
        };
    }

    private static string? PinnedName(string selector)
    {
        foreach (var part in selector.Split(','))
        {
            var p = part.Trim();
            foreach (var prefix in new[] { "metadata.name==", "metadata.name=" })
            {
                if (p.StartsWith(prefix, StringComparison.Ordinal)) return p[prefix.Length..];
            }
        }
        return null;
    }

    public static bool IsTrue(string? value) => value is "true" or "1" or "True";
}
