using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace KubePosture.Inventory.Store;

/// <summary>
/// Whether two mapped records hold the same content: what decides if an object that the API server changed (a new
/// resourceVersion) changed anything a check reads. Records compare their settable properties (a positional record's
/// members) value by value, strings ordinally, lists in order and string maps as sets of pairs (labels carry no
/// order). Computed properties follow from the compared ones and are skipped.
/// </summary>
/// <remarks>
/// A pod's readiness and restarts, a node's heartbeats and a Deployment's replica counts give objects a new
/// resourceVersion many times a minute in a large cluster without touching their records; counting those as changes
/// rescanned a churning cluster every <c>ChangeRescanPolicy.MinInterval</c> for nothing. The record types compiled
/// equality compares collections by reference, hence this comparer.
/// </remarks>
internal static class RecordContent
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Members = new();

    public static bool Equal(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
            return true;
        if (a is null || b is null)
            return false;
        // Collections compare by content whatever their type (a compact map and a dictionary, an array and a list).
        switch (a, b)
        {
            case (string text, string other):
                return string.Equals(text, other, StringComparison.Ordinal);
            case (IReadOnlyDictionary<string, string> map, IReadOnlyDictionary<string, string> other):
                return MapsEqual(map, other);
            case (IEnumerable items, IEnumerable other) when a is not IReadOnlyDictionary<string, string> && b is not IReadOnlyDictionary<string, string>:
                return SequencesEqual(items, other);
        }

        var type = a.GetType();
        if (type != b.GetType())
            return false;
        if (type.IsValueType)
            return a.Equals(b);
        foreach (var member in Members.GetOrAdd(type, MembersOf))
        {
            if (!Equal(member.GetValue(a), member.GetValue(b)))
                return false;
        }

        return true;
    }

    private static PropertyInfo[] MembersOf(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)];

    private static bool MapsEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
            return false;
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    private static bool SequencesEqual(IEnumerable a, IEnumerable b)
    {
        var left = a.GetEnumerator();
        var right = b.GetEnumerator();
        while (true)
        {
            var more = left.MoveNext();
            if (more != right.MoveNext())
                return false;
            if (!more)
                return true;
            if (!Equal(left.Current, right.Current))
                return false;
        }
    }
}
