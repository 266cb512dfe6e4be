using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// A small read-only string map (labels, selectors, kept annotations) held as one array of alternating keys and values
/// in insertion order, looked up by ordinal comparison. A two-entry map takes about 80 bytes where a
/// <see cref="Dictionary{TKey,TValue}"/> takes about 270; the store holds tens of thousands of them.
/// </summary>
public sealed class CompactDictionary : IReadOnlyDictionary<string, string>
{
    /// <summary>Larger maps stay dictionaries: a linear lookup is as fast as hashing only while a map is small.</summary>
    public const int MaxEntries = 16;

    private readonly string[] _items;

    /// <param name="items">Keys and values alternating (key, value, key, value, ...), keys distinct.</param>
    public CompactDictionary(string[] items)
    {
        if (items.Length % 2 != 0)
            throw new ArgumentException($"a map's items alternate keys and values; got an odd count ({items.Length})", nameof(items));
        _items = items;
    }

    public static CompactDictionary Empty { get; } = new([]);

    public int Count => _items.Length / 2;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"key \"{key}\" is not in the map");

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _items.Length; i += 2)
                yield return _items[i];
        }
    }

    public IEnumerable<string> Values
    {
        get
        {
            for (var i = 1; i < _items.Length; i += 2)
                yield return _items[i];
        }
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _items[index + 1] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _items.Length; i += 2)
            yield return new KeyValuePair<string, string>(_items[i], _items[i + 1]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < _items.Length; i += 2)
        {
            if (string.Equals(_items[i], key, StringComparison.Ordinal))
                return i;
        }

        return -1;
    }
}
