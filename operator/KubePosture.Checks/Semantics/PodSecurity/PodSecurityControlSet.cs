namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// A set of Pod Security controls, one bit per index into <see cref="PodSecurityStandards.Controls"/>: what a pod spec
/// breaks at a version, and what a level or a compliance row checks there, compared without lists.
/// </summary>
public readonly record struct PodSecurityControlSet
{
    private readonly ulong _bits;

    private PodSecurityControlSet(ulong bits) => _bits = bits;

    public static PodSecurityControlSet Empty => default;

    public bool IsEmpty => _bits == 0;

    /// <summary>The controls in the set, in <see cref="PodSecurityStandards.Controls"/> order.</summary>
    public IEnumerable<PodSecurityControl> Controls
    {
        get
        {
            var bits = _bits;
            return Enumerable.Range(0, PodSecurityStandards.Controls.Count).Where(i => (bits & Bit(i)) != 0).Select(i => PodSecurityStandards.Controls[i]);
        }
    }

    /// <summary>The controls at <paramref name="indexes"/> into <see cref="PodSecurityStandards.Controls"/>.</summary>
    internal static PodSecurityControlSet Of(IEnumerable<int> indexes) => new(indexes.Aggregate(0UL, (bits, i) => bits | Bit(i)));

    internal PodSecurityControlSet With(int index) => new(_bits | Bit(index));

    internal bool Contains(int index) => (_bits & Bit(index)) != 0;

    public bool Overlaps(PodSecurityControlSet other) => (_bits & other._bits) != 0;

    public PodSecurityControlSet Intersect(PodSecurityControlSet other) => new(_bits & other._bits);

    private static ulong Bit(int index) => index is >= 0 and < 64 ? 1UL << index : throw new ArgumentOutOfRangeException(nameof(index));
}
