using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Storage;

namespace KubePosture.KubeEmulator.Selectors;

/// <summary>
/// The labelSelector query parameter: comma-separated requirements, each <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) or <c>!k</c> (does not exist); all must hold.
/// </summary>
internal sealed class LabelSelector
{
    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Op Op, string[] Values);

    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var reqs = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            var p = part.Trim();
            if (p.Length == 0) continue;
            reqs.Add(ParseRequirement(p, text));
        }
        return new LabelSelector(reqs);
    }

    private static Requirement ParseRequirement(string p, string whole)
    {
        if (p.StartsWith('!')) return new Requirement(ValidKey(p[1..].Trim(), whole), Op.DoesNotExist, []);
        var notIn = p.IndexOf(" notin ", StringComparison.Ordinal);
        if (notIn > 0) return new Requirement(ValidKey(p[..notIn].Trim(), whole), Op.NotIn, ParseSet(p[(notIn + 7)..], whole));
        var inIdx = p.IndexOf(" in ", StringComparison.Ordinal);
        if (inIdx > 0) return new Requirement(ValidKey(p[..inIdx].Trim(), whole), Op.In, ParseSet(p[(inIdx + 4)..], whole));
        var ne = p.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0) return new Requirement(ValidKey(p[..ne].Trim(), whole), Op.NotEquals, [p[(ne + 2)..].Trim()]);
        var eqeq = p.IndexOf("==", StringComparison.Ordinal);
        if (eqeq > 0) return new Requirement(ValidKey(p[..eqeq].Trim(), whole), Op.Equals, [p[(eqeq + 2)..].Trim()]);
        var eq = p.IndexOf('=');
        if (eq > 0) return new Requirement(ValidKey(p[..eq].Trim(), whole), Op.Equals, [p[(eq + 1)..].Trim()]);
        return new Requirement(ValidKey(p, whole), Op.Exists, []);
    }

    private static string ValidKey(string key, string whole)
    {
        if (key.Length == 0 || key.Contains(' ', StringComparison.Ordinal) || key.Contains('(', StringComparison.Ordinal))
        {
            throw ApiException.BadRequest($"unable to parse requirement: labelSelector \"{whole}\": invalid label key \"{key}\"");
        }
        return key;
    }

    private static string[] ParseSet(string s, string whole)
    {
        s = s.Trim();
        if (!s.StartsWith('(') || !s.EndsWith(')'))
        {
            throw ApiException.BadRequest($"unable to parse requirement: labelSelector \"{whole}\": expected a parenthesised set of values, found \"{s}\"");
        }
        return s[1..^1].Split(',').Select(v => v.Trim()).ToArray();
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    public bool Matches(StoredObject obj) => Matches(obj.Label);

    public bool Matches(Func<string, string?> label)
    {
        foreach (var r in _requirements)
        {
            var v = label(r.Key);
            var ok = r.Op switch
            {
                Op.Exists => v is not null,
                Op.DoesNotExist => v is null,
                Op.Equals => v == r.Values[0],
                Op.NotEquals => v != r.Values[0],
                Op.In => v is not null && r.Values.Contains(v),
                Op.NotIn => v is null || !r.Values.Contains(v),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }
}
