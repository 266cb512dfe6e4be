using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Storage;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>
/// ownerReference garbage collection, run synchronously when an owner goes: a dependent with no remaining owner
/// is deleted (background propagation); one that still has other owners loses the dangling reference.
/// </summary>
internal static class GarbageCollector
{
    public static void OnOwnerRemoved(ObjectWriter writer, StoredObject owner)
    {
        if (owner.Uid.Length == 0) return;
        foreach (var dependent in writer.Store.DependentsOf(owner.Uid))
        {
            var current = writer.Store.Get(dependent.GroupResource, dependent.Namespace, dependent.Name);
            if (current is null) continue;
            var remaining = current.OwnerUids.Where(u => u != owner.Uid && writer.Store.GetByUid(u) is not null).ToList();
            if (remaining.Count == 0) writer.DeleteAny(current);
            else RemoveReference(writer, current, owner.Uid);
        }
    }

    /// <summary>propagationPolicy=Orphan: dependents lose their reference to the owner and stay.</summary>
    public static void Orphan(ObjectWriter writer, StoredObject owner)
    {
        foreach (var dependent in writer.Store.DependentsOf(owner.Uid))
        {
            var current = writer.Store.Get(dependent.GroupResource, dependent.Namespace, dependent.Name);
            if (current is not null) RemoveReference(writer, current, owner.Uid);
        }
    }

    /// <summary>propagationPolicy=Foreground: dependents go first.</summary>
    public static void DeleteDependents(ObjectWriter writer, string ownerUid)
    {
        foreach (var dependent in writer.Store.DependentsOf(ownerUid))
        {
            DeleteDependents(writer, dependent.Uid);
            writer.DeleteAny(dependent);
        }
    }

    private static void RemoveReference(ObjectWriter writer, StoredObject dependent, string ownerUid)
    {
        var node = dependent.ToNode();
        if (node["metadata"]?["ownerReferences"] is not JsonArray refs) return;
        for (var i = refs.Count - 1; i >= 0; i--)
        {
            if (refs[i]?["uid"]?.GetValue<string>() == ownerUid) refs.RemoveAt(i);
        }
        if (refs.Count == 0) node["metadata"]!.AsObject().Remove("ownerReferences");
        writer.CommitSystem(dependent, node);
    }
}
