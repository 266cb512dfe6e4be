using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace KubePosture.Checks.Model;

/// <summary>
/// A finding's details as two arrays in insertion order: a scan of a large cluster keeps tens of thousands of findings
/// until its status and reports are written, and a <see cref="Dictionary{TKey,TValue}"/> per finding (buckets, entries,
/// room to grow) is about twice the size for the handful of entries details hold. Read-only; lookups are linear, which
/// for a handful of keys is as fast as hashing. Findings with the same keys in the same order share one key array.
/// </summary>
public sealed class FindingDetailsDictionary : IReadOnlyDictionary<string, string>
{
    private readonly string[] _keys;
    private readonly string[] _values;

    private FindingDetailsDictionary(string[] keys, string[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>The compact form of <paramref name="details"/> (itself when it already is one; null stays null).</summary>
    [return: NotNullIfNotNull(nameof(details))]
    public static IReadOnlyDictionary<string, string>? From(IReadOnlyDictionary<string, string>? details)
    {
        if (details is null or FindingDetailsDictionary)
            return details;
        var keys = new string[details.Count];
        var values = new string[details.Count];
        var i = 0;
        foreach (var (key, value) in details)
        {
            keys[i] = key;
            values[i] = value;
            i++;
        }

        return new FindingDetailsDictionary(SharedKeys(keys), values);
    }

    /// <summary>
    /// Details written straight into their compact form, without a dictionary first (for the helpers that build most
    /// findings). <see cref="Set"/> keeps the dictionary meaning: a key set twice keeps its first position and the
    /// last value.
    /// </summary>
    public struct Builder(int capacity)
    {
        private string[] _keys = new string[capacity];
        private string[] _values = new string[capacity];
        private int _count;

        public void Set(string key, string value)
        {
            for (var i = 0; i < _count; i++)
            {
                if (string.Equals(_keys[i], key, StringComparison.Ordinal))
                {
                    _values[i] = value;
                    return;
                }
            }

            if (_count == _keys.Length)
            {
                Array.Resize(ref _keys, Math.Max(4, _count * 2));
                Array.Resize(ref _values, _keys.Length);
            }

            _keys[_count] = key;
            _values[_count++] = value;
        }

        /// <summary>Sets every entry of <paramref name="entries"/> (none when null), in its order.</summary>
        public void SetAll(IReadOnlyDictionary<string, string>? entries)
        {
            if (entries is null)
                return;
            foreach (var (key, value) in entries)
                Set(key, value);
        }

        public readonly FindingDetailsDictionary Build() => _count == _keys.Length
            ? new FindingDetailsDictionary(SharedKeys(_keys), _values)
            : new FindingDetailsDictionary(SharedKeys(_keys[.._count]), _values[.._count]);
    }

    /// <summary>
    /// One key array per distinct key sequence: the findings of a check mostly carry the same keys in the same order,
    /// so tens of thousands of findings share a handful of arrays. Bounded: past <see cref="MaxKeySequences"/> distinct
    /// sequences (keys made of data rather than constants) arrays are no longer shared.
    /// </summary>
    private static string[] SharedKeys(string[] keys)
    {
        if (KeySequences.TryGetValue(keys, out var shared))
            return shared;
        if (KeySequences.Count < MaxKeySequences)
            KeySequences.TryAdd(keys, keys);
        return keys;
    }

    private const int MaxKeySequences = 4096;

    private static readonly ConcurrentDictionary<string[], string[]> KeySequences = new(KeySequenceComparer.Instance);

    private sealed class KeySequenceComparer : IEqualityComparer<string[]>
    {
        public static readonly KeySequenceComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] keys)
        {
            var hash = new HashCode();
            foreach (var key in keys)
                hash.Add(key, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }

    public int Count => _keys.Length;

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<string> Values => _values;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"finding detail \"{key}\" not present");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
            yield return new KeyValuePair<string, string>(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
                return i;
        }

        return -1;
    }
}
