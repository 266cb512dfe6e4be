using System.Collections.Concurrent;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// Interns strings that repeat across many objects (namespaces, images, image ids, node names, label keys
/// and values, container names) so that 50,000 pods share one copy of each. Thread-safe. Unlike
/// <see cref="string.Intern"/> the pool belongs to one store and is collected with it.
/// </summary>
public sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Intern(string value) => value.Length == 0 ? string.Empty : _strings.GetOrAdd(value, value);

    public string? InternOrNull(string? value) => value is null ? null : Intern(value);

    /// <summary>Copies a label or annotation map with interned keys and values; null becomes the shared empty map.</summary>
    public IReadOnlyDictionary<string, string> Map(IDictionary<string, string>? source, Func<string, bool>? keep = null)
    {
        if (source is null || source.Count == 0)
            return EmptyMap;
        Dictionary<string, string>? copy = null;
        foreach (var (key, value) in source)
        {
            if (keep is not null && !keep(key))
                continue;
            copy ??= new Dictionary<string, string>(source.Count, StringComparer.Ordinal);
            copy[Intern(key)] = Intern(value ?? "");
        }

        return copy is null ? EmptyMap : copy;
    }

    /// <summary>Copies a list of strings with interned values; null becomes the shared empty list.</summary>
    public IReadOnlyList<string> List(IEnumerable<string?>? source)
    {
        if (source is null)
            return [];
        var list = new List<string>();
        foreach (var item in source)
        {
            if (item is not null)
                list.Add(Intern(item));
        }

        return list.Count == 0 ? [] : list.ToArray();
    }

    public static IReadOnlyDictionary<string, string> EmptyMap { get; } = new Dictionary<string, string>();
}
