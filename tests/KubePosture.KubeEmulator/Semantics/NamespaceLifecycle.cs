using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Storage;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>
/// The namespace controller, run synchronously: a new namespace gets its "default" ServiceAccount; a deleted
/// namespace turns Terminating, its content is deleted, and once empty its "kubernetes" finalizer is removed and
/// the namespace goes (unless other metadata.finalizers remain).
/// </summary>
internal static class NamespaceLifecycle
{
    public static void OnCreated(ObjectWriter writer, StoredObject ns)
    {
        var saType = writer.Types.Find("", "v1", "serviceaccounts")!;
        if (writer.Store.Get(saType.GroupResource, ns.Name, "default") is not null) return;
        var sa = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject
            {
                ["name"] = "default",
                ["namespace"] = ns.Name,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = writer.Now(),
            },
        };
        writer.Store.Commit(saType, sa, null);
    }

    public static (StoredObject Object, bool Deleted) Terminate(ObjectWriter writer, StoredObject ns)
    {
        foreach (var obj in writer.Store.InNamespace(ns.Name))
        {
            writer.DeleteAny(obj);
        }
        var after = TryFinalize(writer, ns.Name);
        return after is null ? (ns, true) : (after, false);
    }

    /// <summary>Completes a terminating namespace when it is empty; returns the namespace if it still exists.</summary>
    public static StoredObject? TryFinalize(ObjectWriter writer, string name)
    {
        var ns = writer.Store.Get("namespaces", "", name);
        if (ns is null) return null;
        if (!ns.Terminating || writer.Store.InNamespace(name).Count > 0) return ns;
        var node = ns.ToNode();
        if (node["spec"]?["finalizers"] is JsonArray { Count: > 0 })
        {
            node["spec"]!["finalizers"] = new JsonArray();
            var updated = writer.CommitSystem(ns, node);
            return writer.Store.Get("namespaces", "", name) is null ? null : updated;
        }
        if (ns.FinalizerCount == 0)
        {
            writer.RemoveNow(writer.Types.Find("", "v1", "namespaces")!, ns);
            return null;
        }
        return ns;
    }
}
