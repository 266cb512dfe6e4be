using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Storage;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>
/// The clusterrole-aggregation controller, run synchronously after any ClusterRole change: a ClusterRole with an
/// aggregationRule gets the union of the rules of every ClusterRole its clusterRoleSelectors match.
/// </summary>
internal static class RbacAggregation
{
    private const string GroupResource = "clusterroles.rbac.authorization.k8s.io";

    public static void Reconcile(ObjectWriter writer)
    {
        // Aggregated roles can select other aggregated roles; a few passes reach the fixed point.
        for (var pass = 0; pass < 5; pass++)
        {
            var changed = false;
            var roles = writer.Store.Snapshot(GroupResource, null).Items;
            foreach (var role in roles)
            {
                var node = role.ToNode();
                if (node["aggregationRule"]?["clusterRoleSelectors"] is not JsonArray selectors) continue;
                var rules = new JsonArray();
                foreach (var other in roles)
                {
                    if (other.Name == role.Name || !selectors.Any(s => MatchesSelector(s as JsonObject, other))) continue;
                    if (other.ToNode()["rules"] is not JsonArray otherRules) continue;
                    foreach (var r in otherRules)
                    {
                        if (!rules.Any(x => JsonNode.DeepEquals(x, r))) rules.Add(r?.DeepClone());
                    }
                }
                if (JsonNode.DeepEquals(node["rules"] ?? new JsonArray(), rules)) continue;
                node["rules"] = rules;
                writer.CommitSystem(role, node);
                changed = true;
            }
            if (!changed) return;
        }
    }

    /// <summary>A metav1.LabelSelector (matchLabels and matchExpressions) against an object's labels.</summary>
    public static bool MatchesSelector(JsonObject? selector, StoredObject obj)
    {
        if (selector is null) return false;
        if (selector["matchLabels"] is JsonObject ml)
        {
            foreach (var (k, v) in ml)
            {
                if (obj.Label(k) != v?.GetValue<string>()) return false;
            }
        }
        if (selector["matchExpressions"] is JsonArray exprs)
        {
            foreach (var e in exprs)
            {
                var key = e?["key"]?.GetValue<string>() ?? "";
                var values = (e?["values"] as JsonArray)?.Select(v => v!.GetValue<string>()).ToArray() ?? [];
                var actual = obj.Label(key);
                var ok = e?["operator"]?.GetValue<string>() switch
                {
                    "In" => actual is not null && values.Contains(actual),
                    "NotIn" => actual is null || !values.Contains(actual),
                    "Exists" => actual is not null,
                    "DoesNotExist" => actual is null,
                    _ => false,
                };
                if (!ok) return false;
            }
        }
        return true;
    }

}
