using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Storage;

namespace KubePosture.KubeEmulator.Security;

/// <summary>The outcome of an authorization check; Reason is kube-apiserver's RBAC reason (empty for plain denials).</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason);

/// <summary>
/// RBAC authorization evaluated from the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings in the store.
/// system:masters bypasses RBAC as in kube-apiserver. The compiled view is rebuilt whenever an RBAC object changes.
/// </summary>
internal sealed class RbacAuthorizer
{
    private const string Group = "rbac.authorization.k8s.io";

    private sealed record Binding(string Namespace, string RoleKind, string RoleName, JsonArray Subjects);

    private sealed record Compiled(
        long Version,
        Dictionary<string, List<PolicyRule>> ClusterRoles,
        Dictionary<(string Ns, string Name), List<PolicyRule>> Roles,
        List<Binding> ClusterBindings,
        Dictionary<string, List<Binding>> NamespaceBindings);

    private readonly ObjectStore _store;
    private readonly Func<bool> _enforce;
    private volatile Compiled? _compiled;

    public RbacAuthorizer(ObjectStore store, Func<bool> enforce)
    {
        _store = store;
        _enforce = enforce;
    }

    /// <summary>Bumped by the request pipeline whenever an RBAC object is written.</summary>
    public long Version => Interlocked.Read(ref _version);

    private long _version;

    public void Invalidate() => Interlocked.Increment(ref _version);

    public AuthorizationDecision Authorize(UserInfo user, AuthorizationAttributes attributes)
    {
        if (user.IsMaster || !_enforce()) return new AuthorizationDecision(true, "");
        var compiled = Compile();
        var errors = new List<string>();
        foreach (var rules in RulesFor(compiled, user, attributes.Namespace, errors))
        {
            foreach (var rule in rules)
            {
                if (rule.Allows(attributes)) return new AuthorizationDecision(true, "");
            }
        }
        var reason = errors.Count switch
        {
            0 => "",
            1 => "RBAC: " + errors[0],
            _ => "RBAC: [" + string.Join(", ", errors) + "]",
        };
        return new AuthorizationDecision(false, reason);
    }

    /// <summary>Every rule that applies to the user in a namespace (SelfSubjectRulesReview).</summary>
    public List<PolicyRule> RulesFor(UserInfo user, string ns)
    {
        if (user.IsMaster)
        {
            return [new PolicyRule(["*"], ["*"], ["*"], [], []), new PolicyRule(["*"], [], [], [], ["*"])];
        }
        var errors = new List<string>();
        return RulesFor(Compile(), user, ns, errors).SelectMany(r => r).ToList();
    }

    private static IEnumerable<List<PolicyRule>> RulesFor(Compiled c, UserInfo user, string ns, List<string> errors)
    {
        foreach (var b in c.ClusterBindings)
        {
            if (!AppliesTo(b, user)) continue;
            if (c.ClusterRoles.TryGetValue(b.RoleName, out var rules)) yield return rules;
            else errors.Add($"clusterrole.rbac.authorization.k8s.io \"{b.RoleName}\" not found");
        }
        if (ns.Length == 0 || !c.NamespaceBindings.TryGetValue(ns, out var bindings)) yield break;
        foreach (var b in bindings)
        {
            if (!AppliesTo(b, user)) continue;
            if (b.RoleKind == "ClusterRole")
            {
                if (c.ClusterRoles.TryGetValue(b.RoleName, out var rules)) yield return rules;
                else errors.Add($"clusterrole.rbac.authorization.k8s.io \"{b.RoleName}\" not found");
            }
            else if (c.Roles.TryGetValue((ns, b.RoleName), out var rules)) yield return rules;
            else errors.Add($"role.rbac.authorization.k8s.io \"{b.RoleName}\" not found");
        }
    }

    private static bool AppliesTo(Binding b, UserInfo user)
    {
        foreach (var s in b.Subjects)
        {
            var kind = s?["kind"]?.GetValue<string>();
            var name = s?["name"]?.GetValue<string>() ?? "";
            switch (kind)
            {
                case "User" when name == user.Name:
                case "Group" when user.Groups.Contains(name):
                    return true;
                case "ServiceAccount":
                    var ns = s?["namespace"]?.GetValue<string>() ?? b.Namespace;
                    if (user.Name == $"system:serviceaccount:{ns}:{name}") return true;
                    break;
            }
        }
        return false;
    }

    private Compiled Compile()
    {
        var current = _compiled;
        var version = Version;
        if (current is not null && current.Version == version) return current;
        var clusterRoles = new Dictionary<string, List<PolicyRule>>(StringComparer.Ordinal);
        foreach (var o in _store.Snapshot("clusterroles." + Group, null).Items)
        {
            clusterRoles[o.Name] = Rules(o.ToNode());
        }
        var roles = new Dictionary<(string, string), List<PolicyRule>>();
        foreach (var o in _store.Snapshot("roles." + Group, null).Items)
        {
            roles[(o.Namespace, o.Name)] = Rules(o.ToNode());
        }
        var clusterBindings = new List<Binding>();
        foreach (var o in _store.Snapshot("clusterrolebindings." + Group, null).Items)
        {
            clusterBindings.Add(ToBinding(o));
        }
        var nsBindings = new Dictionary<string, List<Binding>>(StringComparer.Ordinal);
        foreach (var o in _store.Snapshot("rolebindings." + Group, null).Items)
        {
            if (!nsBindings.TryGetValue(o.Namespace, out var list)) nsBindings[o.Namespace] = list = [];
            list.Add(ToBinding(o));
        }
        var compiled = new Compiled(version, clusterRoles, roles, clusterBindings, nsBindings);
        _compiled = compiled;
        return compiled;
    }

    private static List<PolicyRule> Rules(JsonObject role) =>
        role["rules"] is JsonArray rules ? rules.Select(PolicyRule.FromJson).ToList() : [];

    private static Binding ToBinding(StoredObject o)
    {
        var node = o.ToNode();
        return new Binding(o.Namespace, node["roleRef"]?["kind"]?.GetValue<string>() ?? "", node["roleRef"]?["name"]?.GetValue<string>() ?? "",
            node["subjects"] as JsonArray ?? []);
    }
}
