namespace KubePosture.Runtime.Client;

/// <summary>
/// Where a kind lives on the API server: enough to build every REST path for it without a typed client.
/// </summary>
/// <param name="Group">API group; empty for the core group (served under <c>/api</c>).</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">Resource name in URLs, e.g. <c>pods</c>.</param>
/// <param name="Kind">Kind, e.g. <c>Pod</c>.</param>
/// <param name="Namespaced">Whether objects of this kind live in a namespace.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>kubectl's <c>resource.group</c> name, e.g. <c>deployments.apps</c>.</summary>
    public string Name => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Path of the collection (in <paramref name="namespace"/>, or across all namespaces when null).</summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(@namespace)
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }

    /// <summary>Path of one object, optionally of its subresource (e.g. <c>status</c>).</summary>
    public string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        if (Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{Kind} {name}: a namespaced kind needs a namespace", nameof(@namespace));
        }

        var path = $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    public override string ToString() => Name;
}
