using System.Reflection;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Engine;

/// <summary>
/// Every <see cref="ICheck"/> in this assembly (public or not, with a parameterless constructor), found by
/// reflection once and sorted by id. Adding a check is adding its file.
/// </summary>
public static class CheckCatalog
{
    private static readonly Lazy<IReadOnlyList<ICheck>> Checks = new(Discover);
    private static readonly Lazy<IReadOnlyDictionary<string, ICheck>> ById = new(() => Checks.Value.ToDictionary(c => c.Descriptor.Id, StringComparer.Ordinal));

    public static IReadOnlyList<ICheck> All => Checks.Value;

    public static IReadOnlyList<CheckDescriptor> Descriptors => [.. All.Select(c => c.Descriptor)];

    public static ICheck? Find(string id) => ById.Value.GetValueOrDefault(id);

    private static IReadOnlyList<ICheck> Discover()
    {
        var checks = typeof(ICheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICheck).IsAssignableFrom(t)
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (ICheck)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(c => c.Descriptor.Id, StringComparer.Ordinal)
            .ToArray();
        var duplicate = checks.GroupBy(c => c.Descriptor.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"check id \"{duplicate.Key}\" is declared by {string.Join(" and ", duplicate.Select(c => c.GetType().FullName))}; ids must be unique");
        return checks;
    }
}
