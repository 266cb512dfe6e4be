using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// Interns strings that repeat across many objects (namespaces, images, image ids, node names, label keys
/// and values, container names, owner names) so that 50,000 pods share one copy of each, and likewise running
/// images and lists of them. Thread-safe. Unlike <see cref="string.Intern"/> the pool belongs to one store, and it
/// stays bounded in a long-running operator.
/// </summary>
/// <remarks>
/// Values come and go with the cluster (ReplicaSet and Job names, image tags), and a pool that kept every value it
/// ever saw would grow for as long as the operator runs. So the pool has two generations. A value is looked up in the
/// current one, then in the previous one (and moved to the current one when found there); a new value joins the
/// current one. When a generation has taken in more new values than both <see cref="MinimumGeneration"/> and the
/// values it carried over, it becomes the previous one and the oldest generation is dropped: what no object
/// mapped since then asked for leaves the pool (records still holding it keep their copy). The pool holds at most
/// about twice the larger of <see cref="MinimumGeneration"/> and the values in use.
/// </remarks>
public sealed class StringPool
{
    /// <summary>New values a generation takes in before it may be retired: above what a 50,000-pod cluster interns (about 43,000).</summary>
    public const int DefaultMinimumGeneration = 65_536;

    private readonly Lock _lock = new();
    private Generation _current = new();
    private Generation _previous = new();

    /// <param name="minimumGeneration">New values a generation takes in, at least, before it is retired.</param>
    public StringPool(int minimumGeneration = DefaultMinimumGeneration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumGeneration);
        MinimumGeneration = minimumGeneration;
    }

    public int MinimumGeneration { get; }

    /// <summary>Values held (strings, running images and lists of them) across both generations.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _current.Count + _previous.Count;
        }
    }

    /// <summary>Generations retired so far.</summary>
    public long Retired { get; private set; }

    /// <summary>Whether the pool holds this string (tests: literal env values must never be pooled).</summary>
    public bool Contains(string value)
    {
        lock (_lock)
            return _current.Strings.ContainsKey(value) || _previous.Strings.ContainsKey(value);
    }

    public string Intern(string value) =>
        value.Length == 0 ? string.Empty : Share(static g => g.Strings, value, value, static v => v);

    public string? InternOrNull(string? value) => value is null ? null : Intern(value);

    /// <summary>One shared instance per distinct running image (replicas run the same ones).</summary>
    public RunningImage Intern(RunningImage running) => Share(static g => g.Running, running, running, static r => r);

    /// <summary>One shared array per distinct list of running images (the usual case for replicas of one workload).</summary>
    public IReadOnlyList<RunningImage> Intern(List<RunningImage> running) =>
        Share(static g => g.RunningLists, string.Join('\n', running.Select(r => $"{r.ContainerName}\t{r.Image}\t{r.ImageId}")), running, static r => r.ToArray());

    /// <summary>
    /// Copies a label or annotation map with interned keys and values, in the source's order; null or nothing kept
    /// becomes the shared empty map. Maps of up to <see cref="CompactDictionary.MaxEntries"/> entries are kept compact.
    /// </summary>
    public IReadOnlyDictionary<string, string> Map(IDictionary<string, string>? source, Func<string, bool>? keep = null)
    {
        if (source is null || source.Count == 0)
            return EmptyMap;
        var items = new string[2 * source.Count];
        var count = 0;
        foreach (var (key, value) in source)
        {
            if (keep is not null && !keep(key))
                continue;
            items[count++] = Intern(key);
            items[count++] = Intern(value ?? "");
        }

        if (count == 0)
            return EmptyMap;
        if (count / 2 > CompactDictionary.MaxEntries)
        {
            var large = new Dictionary<string, string>(count / 2, StringComparer.Ordinal);
            for (var i = 0; i < count; i += 2)
                large[items[i]] = items[i + 1];
            return large;
        }

        if (count < items.Length)
            Array.Resize(ref items, count);
        return new CompactDictionary(items);
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

    public static IReadOnlyDictionary<string, string> EmptyMap => CompactDictionary.Empty;

    /// <summary>
    /// The shared value for <paramref name="key"/> in one of a generation's tables: the current generation's, else the
    /// previous one's (moved into the current one), else <paramref name="create"/>'s, which joins the current one.
    /// </summary>
    private TValue Share<TKey, TValue, TState>(Func<Generation, Dictionary<TKey, TValue>> table, TKey key, TState state, Func<TState, TValue> create)
        where TKey : notnull
    {
        lock (_lock)
        {
            var current = _current;
            var values = table(current);
            if (values.TryGetValue(key, out var shared))
                return shared;
            if (table(_previous).Remove(key, out shared))
            {
                values[key] = shared;
                current.CarriedOver++;
                return shared;
            }

            values[key] = shared = create(state);
            current.New++;
            if (current.New >= Math.Max(MinimumGeneration, current.CarriedOver))
            {
                _previous = current;
                _current = new Generation();
                Retired++;
            }

            return shared;
        }
    }

    private sealed class Generation
    {
        public Dictionary<string, string> Strings { get; } = new(StringComparer.Ordinal);

        public Dictionary<RunningImage, RunningImage> Running { get; } = [];

        public Dictionary<string, RunningImage[]> RunningLists { get; } = new(StringComparer.Ordinal);

        /// <summary>Values this generation took in that neither generation held.</summary>
        public int New { get; set; }

        /// <summary>Values moved here from the previous generation: the ones in use.</summary>
        public int CarriedOver { get; set; }

        public int Count => Strings.Count + Running.Count + RunningLists.Count;
    }
}
