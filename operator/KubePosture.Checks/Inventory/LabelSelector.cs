namespace KubePosture.Checks.Inventory;

/// <summary>A requirement of a Kubernetes label selector: operator is In, NotIn, Exists or DoesNotExist.</summary>
public sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values);

/// <summary>
/// Kubernetes <c>metav1.LabelSelector</c> semantics: all matchLabels and all matchExpressions must hold; an
/// empty selector matches everything. <see cref="Nothing"/> is the "null selector", which matches nothing.
/// </summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<LabelRequirement> MatchExpressions)
{
    public static LabelSelector Everything { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>Matches no object (a selector field that is absent where absence means "none").</summary>
    public static LabelSelector Nothing { get; } = new(new Dictionary<string, string>(), [new LabelRequirement("", "Nothing", [])]);

    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
                return false;
        }

        foreach (var req in MatchExpressions)
        {
            var has = labels.TryGetValue(req.Key, out var actual);
            var ok = req.Operator switch
            {
                "In" => has && req.Values.Contains(actual!),
                "NotIn" => !has || !req.Values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
                return false;
        }

        return true;
    }
}
