using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Semantics;

namespace KubePosture.KubeEmulator.Seeding;

/// <summary>
/// Loads objects into the emulator as they are: status, uid and creationTimestamp are kept (unlike a create through
/// the API), missing namespaces are created, Namespaces and CRDs go first so everything else has a home and a type.
/// Objects that already exist (the default namespaces and ServiceAccounts) are skipped.
/// </summary>
internal static class Seeder
{
    private static int Order(JsonObject o) => o["kind"]?.GetValue<string>() switch
    {
        "Namespace" => 0,
        "CustomResourceDefinition" => 1,
        "ClusterRole" or "Role" => 2,
        _ => 3,
    };

    public static int Seed(EmulatorCore core, IEnumerable<ManifestObject> objects)
    {
        var ordered = objects.OrderBy(o => Order(o.Object)).ToList();
        var errors = new List<string>();
        var count = 0;
        foreach (var m in ordered)
        {
            var obj = m.Object;
            var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
            var kind = obj["kind"]?.GetValue<string>() ?? "";
            var type = core.Types.FindByKind(apiVersion, kind);
            if (type is null)
            {
                errors.Add($"{m.Source} document {m.DocumentIndex}: no resource serves apiVersion \"{apiVersion}\" kind \"{kind}\"; seed its CustomResourceDefinition first or fix apiVersion/kind");
                continue;
            }
            var meta = ObjectWriter.Meta(obj);
            var name = meta["name"]?.GetValue<string>() ?? "";
            var ns = type.Namespaced ? meta["namespace"]?.GetValue<string>() is { Length: > 0 } n ? n : "default" : "";
            if (core.Store.Get(type.GroupResource, ns, name) is not null) continue;
            try
            {
                if (type.Namespaced) EnsureNamespace(core, ns);
                core.Writer.Create(type, ns, obj, new WriteOptions { KeepStatus = true, FieldValidation = "Ignore" });
                count++;
            }
            catch (ApiException e)
            {
                errors.Add($"{m.Source} document {m.DocumentIndex} ({kind} {ns}/{name}): {e.Message}");
            }
        }
        if (errors.Count > 0) throw new InvalidOperationException("seeding failed:\n" + string.Join('\n', errors));
        return count;
    }

    public static void EnsureNamespace(EmulatorCore core, string ns)
    {
        if (core.Store.Get("namespaces", "", ns) is not null) return;
        var type = core.Types.Find("", "v1", "namespaces")!;
        core.Writer.Create(type, "", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns },
        }, new WriteOptions());
    }
}
