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

    public static bool VerbMatches(PolicyRuleRecord rule, string verb) =>
        rule.Verbs.Any(v => v == "*" || v == verb);

    public static bool ApiGroupMatches(PolicyRuleRecord rule, string group) =>
        rule.ApiGroups.Any(g => g == "*" || g == group);

    public static bool ResourceMatches(PolicyRuleRecord rule, string resource, string? subresource)
    {
        var combined = subresource is null ? resource : $"{resource}/{subresource}";
        foreach (var r in rule.Resources)
        {
            if (r == "*" || r == combined)
                return true;
            if (subresource is not null && r == $"*/{subresource}")
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
