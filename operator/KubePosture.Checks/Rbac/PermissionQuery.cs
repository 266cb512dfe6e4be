namespace KubePosture.Checks.Rbac;

/// <summary>
/// A request to authorize, in RBAC's terms: "get secrets in kube-system" is
/// <c>new PermissionQuery("get", "", "secrets", Namespace: "kube-system")</c>.
/// </summary>
/// <param name="Verb">The verb (get, list, create, escalate, impersonate, ...).</param>
/// <param name="ApiGroup">The API group; "" for core.</param>
/// <param name="Resource">The resource (plural), without subresource.</param>
/// <param name="Subresource">A subresource such as "exec" for pods/exec.</param>
/// <param name="Namespace">The namespace asked about; null asks for a cluster-wide grant (every namespace).</param>
/// <param name="ResourceName">One object's name; null asks for any object, which rules limited by resourceNames do not grant.</param>
public sealed record PermissionQuery(
    string Verb,
    string ApiGroup,
    string Resource,
    string? Subresource = null,
    string? Namespace = null,
    string? ResourceName = null)
{
    public override string ToString()
    {
        var resource = Subresource is null ? Resource : $"{Resource}/{Subresource}";
        var group = ApiGroup.Length == 0 ? "" : $".{ApiGroup}";
        var name = ResourceName is null ? "" : $" \"{ResourceName}\"";
        var where = Namespace is null ? " cluster-wide" : $" in {Namespace}";
        return $"{Verb} {resource}{group}{name}{where}";
    }
}
