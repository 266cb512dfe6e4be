using System.Reflection;
using k8s.Models;
using KubePosture.Api.Crds;
using KubePosture.Api.Schema;

namespace KubePosture.Api;

/// <summary>
/// Generates the apiextensions.k8s.io/v1 CustomResourceDefinitions of the kubeposture.io API from the C# types.
/// The output is deterministic: the same types always give the same bytes, so the committed crds/ can be
/// compared with it (the drift test) and regenerated with <c>make crds</c>.
/// </summary>
public static class CrdGenerator
{
    /// <summary>The custom resources of the API, in the order their files are generated.</summary>
    public static IReadOnlyList<Type> Resources { get; } = [typeof(PostureScan), typeof(PostureException)];

    private const string Header =
        "# Generated from operator/KubePosture.Api by CrdGenerator (`make crds`). Do not edit by hand.\n";

    /// <summary>One YAML document per resource, named <c>group_plural.yaml</c> as controller-gen names them.</summary>
    public static IReadOnlyList<(string FileName, string Yaml)> Generate() =>
        Resources.Select(type =>
        {
            var entity = Entity(type);
            return ($"{entity.Group}_{entity.PluralName}.yaml", Header + YamlWriter.Write(Definition(type)));
        }).ToList();

    /// <summary>
    /// Writes the generated files into <paramref name="directory"/> (created when missing), removing other
    /// <c>*.yaml</c> files there so that a renamed resource leaves no stale CRD. Returns the written paths.
    /// </summary>
    public static IReadOnlyList<string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = Generate();
        var keep = files.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFiles(directory, "*.yaml"))
        {
            if (!keep.Contains(Path.GetFileName(stale)))
                File.Delete(stale);
        }

        var written = new List<string>();
        foreach (var (fileName, yaml) in files)
        {
            var path = Path.Combine(directory, fileName);
            File.WriteAllText(path, yaml);
            written.Add(path);
        }

        return written;
    }

    private static KubernetesEntityAttribute Entity(Type type) =>
        type.GetCustomAttribute<KubernetesEntityAttribute>()
        ?? throw new InvalidOperationException($"{type.Name} has no [KubernetesEntity] attribute");

    private static YamlMap Definition(Type type)
    {
        var entity = Entity(type);
        var names = new YamlMap
        {
            { "kind", entity.Kind },
            { "listKind", entity.Kind + "List" },
            { "plural", entity.PluralName },
            { "singular", entity.Kind.ToLowerInvariant() },
        };
        if (type.GetCustomAttribute<ShortNamesAttribute>() is { } shortNames)
            names.Add("shortNames", shortNames.Names.Cast<object>().ToList());
        if (type.GetCustomAttribute<CategoriesAttribute>() is { } categories)
            names.Add("categories", categories.Names.Cast<object>().ToList());

        var version = new YamlMap
        {
            { "name", entity.ApiVersion },
            { "served", true },
            { "storage", true },
        };
        var columns = PrinterColumns(type);
        if (columns.Count > 0)
            version.Add("additionalPrinterColumns", columns);
        version.Add("schema", new YamlMap { { "openAPIV3Schema", SchemaBuilder.ForRoot(type) } });
        if (type.GetProperty("Status") is not null)
            version.Add("subresources", new YamlMap { { "status", new YamlMap() } });

        return new YamlMap
        {
            { "apiVersion", "apiextensions.k8s.io/v1" },
            { "kind", "CustomResourceDefinition" },
            {
                "metadata", new YamlMap
                {
                    { "name", $"{entity.PluralName}.{entity.Group}" },
                    { "labels", new YamlMap { { "app.kubernetes.io/part-of", "kubeposture" } } },
                }
            },
            {
                "spec", new YamlMap
                {
                    { "group", entity.Group },
                    { "names", names },
                    { "scope", "Namespaced" },
                    { "versions", new List<object> { version } },
                }
            },
        };
    }

    private static List<object> PrinterColumns(Type type) =>
        type.GetCustomAttributes<PrinterColumnAttribute>()
            .OrderBy(c => c.Order)
            .Select(c =>
            {
                var column = new YamlMap { { "name", c.Name }, { "type", c.Type }, { "jsonPath", c.JsonPath } };
                if (c.Description is { } description)
                    column.Add("description", description);
                if (c.Priority != 0)
                    column.Add("priority", c.Priority);
                return (object)column;
            })
            .ToList();
}
