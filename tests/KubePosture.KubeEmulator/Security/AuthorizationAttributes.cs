namespace KubePosture.KubeEmulator.Security;

/// <summary>What a request asks to do (kube-apiserver's authorizer.Attributes).</summary>
public sealed record AuthorizationAttributes
{
    public required string Verb { get; init; }
    public bool IsResourceRequest { get; init; }
    public string Namespace { get; init; } = "";
    public string ApiGroup { get; init; } = "";
    public string ApiVersion { get; init; } = "";
    public string Resource { get; init; } = "";
    public string Subresource { get; init; } = "";
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";

    /// <summary>kube-apiserver's forbidden message for these attributes (without the "pods is forbidden: " prefix).</summary>
    public string ForbiddenMessage(UserInfo user)
    {
        if (!IsResourceRequest) return $"User \"{user.Name}\" cannot {Verb} path \"{Path}\"";
        var resource = Subresource.Length > 0 ? Resource + "/" + Subresource : Resource;
        return Namespace.Length > 0
            ? $"User \"{user.Name}\" cannot {Verb} resource \"{resource}\" in API group \"{ApiGroup}\" in the namespace \"{Namespace}\""
            : $"User \"{user.Name}\" cannot {Verb} resource \"{resource}\" in API group \"{ApiGroup}\" at the cluster scope";
    }

    /// <summary>The full Status message kube-apiserver sends with a 403.</summary>
    public string ForbiddenStatusMessage(UserInfo user, string reason)
    {
        var msg = ForbiddenMessage(user);
        if (reason.Length > 0) msg += ": " + reason;
        if (!IsResourceRequest || Resource.Length == 0) return "forbidden: " + msg;
        var qualified = ApiGroup.Length == 0 ? Resource : Resource + "." + ApiGroup;
        return Name.Length == 0 ? $"{qualified} is forbidden: {msg}" : $"{qualified} \"{Name}\" is forbidden: {msg}";
    }
}
