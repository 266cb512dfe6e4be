using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Rbac;

/// <summary>
/// Whether one RBAC rule grants a request, with the authorizer's semantics: verbs, apiGroups and resources match
/// exactly (case-sensitively: "GET" grants nothing) or by "*"; a subresource request ("pods/exec") matches only "pods/exec", "*/exec" or "*" (never plain
/// "pods"); resourceNames, when present, limit the rule to those object names, so a request for any object
/// (list, or get of an unnamed object) is not granted by it.
/// </summary>
public static class RuleMatcher
{
    public static bool Allows(PolicyRuleRecord rule, PermissionQuery query) =>
        VerbMatches(rule, query.Verb)
        && ApiGroupMatches(rule, query.ApiGroup)
        && ResourceMatches(rule, query.Resource, query.Subresource)
        && ResourceNameMatches(rule, query.ResourceName);

    // Allocation-free: evaluated for every rule of every role by a dozen checks in each scan.
    public static bool VerbMatches(PolicyRuleRecord rule, string verb) => ContainsOrWildcard(rule.Verbs, verb);

    public static bool ApiGroupMatches(PolicyRuleRecord rule, string group) => ContainsOrWildcard(rule.ApiGroups, group);

    public static bool ResourceMatches(PolicyRuleRecord rule, string resource, string? subresource)
    {
        var resources = rule.Resources;
        for (var i = 0; i < resources.Count; i++)
        {
            var r = resources[i];
            if (r == "*")
                return true;
            if (subresource is null)
            {
                if (r == resource)
                    return true;
            }
            else if (IsPair(r, resource, subresource) || IsPair(r, "*", subresource))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="text"/> is "<paramref name="resource"/>/<paramref name="subresource"/>".</summary>
    private static bool IsPair(string text, string resource, string subresource) =>
        text.Length == resource.Length + 1 + subresource.Length
        && text.StartsWith(resource, StringComparison.Ordinal)
        && text[resource.Length] == '/'
        && text.EndsWith(subresource, StringComparison.Ordinal);

    private static bool ContainsOrWildcard(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == "*" || values[i] == value)
                return true;
        }

        return false;
    }

    /// <summary>
    /// The authorizer compares resourceNames with the request's name, which is "" for requests about no single object
    /// (list, watch without a name, create, deletecollection): so <c>resourceNames: [""]</c> grants those on everything.
    /// </summary>
    public static bool ResourceNameMatches(PolicyRuleRecord rule, string? name) =>
        rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(name ?? "");

    /// <summary>"verbs=[get,list] apiGroups=[""] resources=[secrets] resourceNames=[a]" for messages and details.</summary>
    public static string Describe(PolicyRuleRecord rule)
    {
        static string List(IEnumerable<string> items) => "[" + string.Join(",", items.Select(i => i.Length == 0 ? "\"\"" : i)) + "]";
        var text = $"verbs={List(rule.Verbs)} apiGroups={List(rule.ApiGroups)} resources={List(rule.Resources)}";
        if (rule.ResourceNames.Count > 0)
            text += $" resourceNames={List(rule.ResourceNames)}";
        if (rule.NonResourceUrls.Count > 0)
            text += $" nonResourceURLs={List(rule.NonResourceUrls)}";
        return text;
    }
}
