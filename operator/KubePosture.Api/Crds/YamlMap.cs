using System.Collections;

namespace KubePosture.Api.Crds;

/// <summary>
/// An insertion-ordered YAML mapping. Values are strings, booleans, integers, doubles, nested
/// <see cref="YamlMap"/>s or <see cref="IReadOnlyList{T}"/>s of those. The generator controls the order, so the
/// emitted text is deterministic.
/// </summary>
internal sealed class YamlMap : IEnumerable<KeyValuePair<string, object>>
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    public int Count => _entries.Count;

    public void Add(string key, object value)
    {
        if (_entries.Exists(e => e.Key == key))
            throw new InvalidOperationException($"duplicate key '{key}' in generated YAML");
        _entries.Add(new(key, value));
    }

    /// <summary>Replaces the value of <paramref name="key"/>, or adds it.</summary>
    public void Set(string key, object value)
    {
        var index = _entries.FindIndex(e => e.Key == key);
        if (index >= 0)
            _entries[index] = new(key, value);
        else
            _entries.Add(new(key, value));
    }

    public object? this[string key] => _entries.Find(e => e.Key == key).Value;

    public bool ContainsKey(string key) => _entries.Exists(e => e.Key == key);

    /// <summary>A copy with the keys sorted ordinally (schema keywords and properties, as controller-gen does).</summary>
    public YamlMap Sorted()
    {
        var sorted = new YamlMap();
        foreach (var entry in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            sorted.Add(entry.Key, entry.Value);
        return sorted;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
