using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Storage;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Selectors;

/// <summary>
/// The fieldSelector query parameter: <c>field=value</c>, <c>field==value</c>, <c>field!=value</c>, comma-separated.
/// Only metadata.name, metadata.namespace and the type's selectable fields are accepted, as kube-apiserver does;
/// others answer 400 with the real server's message.
/// </summary>
internal sealed class FieldSelector
{
    private sealed record Requirement(string Field, bool Equal, string Value);

    private readonly List<Requirement> _requirements;

    private FieldSelector(List<Requirement> requirements) => _requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>The name a <c>metadata.name=X</c> requirement pins (RBAC resourceNames treat list/watch on it as named).</summary>
    public string? PinnedName => _requirements.FirstOrDefault(r => r.Field == "metadata.name" && r.Equal)?.Value;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var reqs = new List<Requirement>();
        foreach (var raw in text.Split(','))
        {
            var p = raw.Trim();
            if (p.Length == 0) continue;
            string field, value;
            bool equal;
            var ne = p.IndexOf("!=", StringComparison.Ordinal);
            var eqeq = p.IndexOf("==", StringComparison.Ordinal);
            var eq = p.IndexOf('=');
            if (ne > 0) { field = p[..ne]; value = p[(ne + 2)..]; equal = false; }
            else if (eqeq > 0) { field = p[..eqeq]; value = p[(eqeq + 2)..]; equal = true; }
            else if (eq > 0) { field = p[..eq]; value = p[(eq + 1)..]; equal = true; }
            else throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{p}'");
            field = field.Trim();
            if (field != "metadata.name" && field != "metadata.namespace" && !type.SelectableFields.Contains(field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }
            reqs.Add(new Requirement(field, equal, value.Trim()));
        }
        return new FieldSelector(reqs);
    }

    public bool Matches(StoredObject obj)
    {
        foreach (var r in _requirements)
        {
            var actual = r.Field switch
            {
                "metadata.name" => obj.Name,
                "metadata.namespace" => obj.Namespace,
                _ => obj.Fields?.GetValueOrDefault(r.Field) ?? "",
            };
            if ((actual == r.Value) != r.Equal) return false;
        }
        return true;
    }
}
