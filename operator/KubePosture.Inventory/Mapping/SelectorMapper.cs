using k8s.Models;
using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Mapping;

/// <summary>metav1.LabelSelector to <see cref="LabelSelector"/>.</summary>
internal static class SelectorMapper
{
    /// <summary>Maps a selector; null maps to <paramref name="whenAbsent"/> (the field's meaning when omitted).</summary>
    public static LabelSelector? Map(V1LabelSelector? selector, StringPool pool, LabelSelector? whenAbsent)
    {
        if (selector is null)
            return whenAbsent;
        var labels = pool.Map(selector.MatchLabels);
        var expressions = selector.MatchExpressions is { Count: > 0 } list
            ? list.Select(e => new LabelRequirement(pool.Intern(e.Key ?? ""), pool.Intern(e.OperatorProperty ?? ""), pool.List(e.Values))).ToArray()
            : [];
        return labels.Count == 0 && expressions.Length == 0 ? LabelSelector.Everything : new LabelSelector(labels, expressions);
    }
}
