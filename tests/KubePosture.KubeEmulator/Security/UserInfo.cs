namespace KubePosture.KubeEmulator.Security;

/// <summary>An authenticated (or anonymous) identity: user name, uid and groups.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups, string Uid = "")
{
    public const string Anonymous = "system:anonymous";

    public static UserInfo AnonymousUser { get; } = new(Anonymous, ["system:unauthenticated"]);

    public bool IsMaster => Groups.Contains("system:masters");

    /// <summary>The identity of a ServiceAccount token, with the groups kube-apiserver assigns.</summary>
    public static UserInfo ServiceAccount(string ns, string name, string uid = "") =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], uid);

    /// <summary>(namespace, name) when this is a ServiceAccount user name.</summary>
    public (string Namespace, string Name)? ServiceAccountName
    {
        get
        {
            const string prefix = "system:serviceaccount:";
            if (!Name.StartsWith(prefix, StringComparison.Ordinal)) return null;
            var rest = Name[prefix.Length..].Split(':');
            return rest.Length == 2 ? (rest[0], rest[1]) : null;
        }
    }
}
