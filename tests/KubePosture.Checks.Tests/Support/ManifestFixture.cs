using System.Globalization;
using k8s;
using k8s.Models;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Inventory;

namespace KubePosture.Checks.Tests.Support;

/// <summary>
/// A YAML manifest fixture run through the inventory's Kubernetes-object mapper and every check of the catalog.
/// Expectations are comment lines in the file:
/// <c># expect: CHECK-ID Kind/namespace/name [Severity]</c> (a finding of that check on that resource, at that severity),
/// <c># absent: CHECK-ID Kind/namespace/name</c> (no finding of that check on it; "-" as namespace for cluster-scoped),
/// <c># detail: CHECK-ID Kind/namespace/name key=value</c>,
/// and settings <c># control-plane: v1.34.1</c>, <c># max-node-age-days: 30</c>, <c># include-system-namespaces: true</c>.
/// </summary>
public sealed class ManifestFixture
{
    public required string Name { get; init; }
    public required ClusterInventory Inventory { get; init; }
    public required IReadOnlyList<(string CheckId, string Resource, Severity? Severity)> Expected { get; init; }
    public required IReadOnlyList<(string CheckId, string Resource)> Absent { get; init; }
    public required IReadOnlyList<(string CheckId, string Resource, string Key, string Value)> Details { get; init; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static ManifestFixture Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Directory, name));
        var expected = new List<(string, string, Severity?)>();
        var absent = new List<(string, string)>();
        var details = new List<(string, string, string, string)>();
        string? controlPlane = null;
        TimeSpan? maxNodeAge = null;
        var includeSystem = false;

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('#'))
                continue;
            var body = line.TrimStart('#').Trim();
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                continue;
            var key = body[..colon];
            var parts = body[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (key)
            {
                case "expect":
                    expected.Add((parts[0], parts[1], parts.Length > 2 ? Enum.Parse<Severity>(parts[2]) : null));
                    break;
                case "absent":
                    absent.Add((parts[0], parts[1]));
                    break;
                case "detail":
                    var eq = parts[2].IndexOf('=', StringComparison.Ordinal);
                    details.Add((parts[0], parts[1], parts[2][..eq], string.Join(' ', parts.Skip(2))[(eq + 1)..]));
                    break;
                case "control-plane":
                    controlPlane = parts[0];
                    break;
                case "max-node-age-days":
                    maxNodeAge = TimeSpan.FromDays(int.Parse(parts[0], CultureInfo.InvariantCulture));
                    break;
                case "include-system-namespaces":
                    includeSystem = bool.Parse(parts[0]);
                    break;
            }
        }

        var store = new InventoryStore(retainOwnedPodSpecs: true);
        foreach (var obj in KubernetesYaml.LoadAllFromString(text))
        {
            if (obj is IKubernetesObject<V1ObjectMeta> k8sObject)
                store.Upsert(k8sObject);
        }

        var namespaces = store.ListNamespaces().Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var scope = new InventoryScope(namespaces, ClusterScoped: true, Aws: false, IncludesSystemNamespaces: includeSystem);
        var inventory = store.Snapshot(scope, Build.Now, CheckSettings.Default with { MaxNodeAge = maxNodeAge }, controlPlane);
        return new ManifestFixture { Name = name, Inventory = inventory, Expected = expected, Absent = absent, Details = details };
    }

    public IReadOnlyList<Finding> RunAll() => [.. CheckCatalog.All.Where(c => !c.Descriptor.RequiresAws).SelectMany(c => c.Evaluate(Inventory))];

    public static string Key(ResourceRef r) => $"{r.Kind}/{r.Namespace ?? "-"}/{r.Name}";
}
