using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Crd;
using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Patching;
using KubePosture.KubeEmulator.Security;
using KubePosture.KubeEmulator.Storage;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>
/// Create, update, patch and delete with kube-apiserver's object semantics: uid, creationTimestamp, one global
/// resourceVersion, 409 on stale resourceVersion or existing name, generation on spec changes only, the status
/// subresource split, finalizers and deletionTimestamp, 422 with field paths. The cluster's controllers that must
/// react synchronously for tests to be deterministic (namespace lifecycle, garbage collection, CRD establishment,
/// ClusterRole aggregation) run inside the same write, under the store's gate.
/// </summary>
internal sealed class ObjectWriter
{
    private readonly ObjectStore _store;
    private readonly TypeRegistry _types;
    private readonly TimeProvider _time;
    private readonly RbacAuthorizer _rbac;
    private readonly CrdController _crds;

    public ObjectWriter(ObjectStore store, TypeRegistry types, TimeProvider time, RbacAuthorizer rbac)
    {
        _store = store;
        _types = types;
        _time = time;
        _rbac = rbac;
        _crds = new CrdController(types, time);
    }

    public string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- create

    public StoredObject Create(ResourceType type, string ns, JsonObject body, WriteOptions o)
    {
        lock (_store.Gate)
        {
            CheckKind(type, body);
            var meta = Meta(body);
            if (type.Namespaced)
            {
                var bodyNs = meta["namespace"]?.GetValue<string>();
                if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
                {
                    throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }
                meta["namespace"] = ns;
            }
            else meta.Remove("namespace");
            var name = meta["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                var generateName = meta["generateName"]?.GetValue<string>();
                if (string.IsNullOrEmpty(generateName))
                {
                    throw ApiException.Invalid(type.QualifiedKind, "", type.Group, [FieldError.Required("metadata.name", "name or generateName is required")]);
                }
                name = generateName + RandomSuffix();
                meta["name"] = name;
            }
            if (type.Namespaced) CheckNamespaceAccepts(type, ns, name);
            if (_store.Get(type.GroupResource, type.Namespaced ? ns : "", name) is not null)
            {
                throw ApiException.AlreadyExists(type.Group, type.Plural, name);
            }
            // Seeding keeps uid and creationTimestamp so that ownerReferences in a `kubectl get -A -o yaml` dump still resolve.
            if (!o.KeepStatus || string.IsNullOrEmpty(meta["uid"]?.GetValue<string>())) meta["uid"] = Guid.NewGuid().ToString();
            if (!o.KeepStatus || meta["creationTimestamp"] is null) meta["creationTimestamp"] = Now();
            meta.Remove("resourceVersion");
            meta.Remove("selfLink");
            if (!o.KeepStatus)
            {
                meta.Remove("deletionTimestamp");
                meta.Remove("deletionGracePeriodSeconds");
            }
            if (type.TracksGeneration || type.IsCustom) meta["generation"] = 1;
            else meta.Remove("generation");
            if (type.HasStatus && !o.KeepStatus) body.Remove("status");
            BuiltinDefaults.OnCreate(type, body, o.KeepStatus);
            if (type.GroupResource == CrdController.GroupResource) _crds.PrepareCrd(body, null);
            RecordManager(type, body, o, "Update");
            Validate(type, body, o, null);
            if (o.DryRun) return StoredObject.Create(type, body, 0);
            var stored = _store.Commit(type, body, null);
            AfterWrite(type, stored, null);
            return stored;
        }
    }

    // ---------------------------------------------------------------- update

    public StoredObject Update(ResourceType type, string ns, string name, JsonObject body, bool statusOnly, WriteOptions o)
    {
        lock (_store.Gate)
        {
            CheckKind(type, body);
            var meta = Meta(body);
            var bodyName = meta["name"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
            {
                throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }
            meta["name"] = name;
            if (type.Namespaced)
            {
                var bodyNs = meta["namespace"]?.GetValue<string>();
                if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
                {
                    throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }
                meta["namespace"] = ns;
            }
            var existing = _store.Get(type.GroupResource, type.Namespaced ? ns : "", name);
            if (existing is null)
            {
                if (type.AllowCreateOnUpdate && !statusOnly) return Create(type, ns, body, o);
                throw ApiException.NotFound(type.Group, type.Plural, name);
            }
            var rv = meta["resourceVersion"]?.GetValue<string>();
            if (string.IsNullOrEmpty(rv))
            {
                if (!type.AllowUnconditionalUpdate)
                {
                    throw ApiException.Invalid(type.QualifiedKind, name, type.Group,
                        [FieldError.InvalidValue("metadata.resourceVersion", "0x0", "must be specified for an update")]);
                }
            }
            else if (rv != StoredObject.FormatResourceVersion(existing.ResourceVersion))
            {
                throw ApiException.StaleResourceVersion(type.Group, type.Plural, name);
            }
            return UpdateLocked(type, existing, body, statusOnly, o);
        }
    }

    private StoredObject UpdateLocked(ResourceType type, StoredObject existing, JsonObject body, bool statusOnly, WriteOptions o)
    {
        var old = existing.ToNode();
        JsonObject updated;
        if (statusOnly)
        {
            updated = old.DeepClone().AsObject();
            if (body["status"] is { } status) updated["status"] = status.DeepClone();
            else updated.Remove("status");
            if (body["metadata"]?["managedFields"] is { } mf) updated["metadata"]!["managedFields"] = mf.DeepClone();
        }
        else
        {
            updated = body;
            if (type.HasStatus)
            {
                if (old["status"] is { } oldStatus) updated["status"] = oldStatus.DeepClone();
                else updated.Remove("status");
            }
        }
        var newMeta = Meta(updated);
        var oldMeta = Meta(old);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace" })
        {
            if (oldMeta[field] is { } v) newMeta[field] = v.DeepClone();
            else newMeta.Remove(field);
        }
        newMeta.Remove("selfLink");
        if (newMeta["managedFields"] is null && oldMeta["managedFields"] is { } oldManaged) newMeta["managedFields"] = oldManaged.DeepClone();
        if (oldMeta["deletionTimestamp"] is not null)
        {
            var oldFinalizers = (oldMeta["finalizers"] as JsonArray)?.Select(f => f!.GetValue<string>()).ToHashSet() ?? [];
            var added = (newMeta["finalizers"] as JsonArray)?.Select(f => f!.GetValue<string>()).Where(f => !oldFinalizers.Contains(f)).ToList() ?? [];
            if (added.Count > 0)
            {
                throw ApiException.Invalid(type.QualifiedKind, existing.Name, type.Group,
                    [FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers " + "[\"" + string.Join("\" \"", added) + "\"]")]);
            }
        }
        if (type.GroupResource == CrdController.GroupResource) _crds.PrepareCrd(updated, old);
        BuiltinDefaults.OnUpdate(type, updated);
        RecordManager(type, updated, o, "Update");
        Validate(type, updated, o, old);
        if ((type.TracksGeneration || type.IsCustom) && SpecChanged(old, updated))
        {
            newMeta["generation"] = (oldMeta["generation"]?.GetValue<long>() ?? 0) + 1;
        }
        // A no-op update does not move resourceVersion and sends no watch event (as kube-apiserver).
        newMeta["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
        if (JsonNode.DeepEquals(old, updated)) return existing;
        if (o.DryRun) return StoredObject.Create(type, updated, existing.ResourceVersion);
        var stored = _store.Commit(type, updated, existing);
        AfterWrite(type, stored, existing);
        if (stored.Terminating && stored.FinalizerCount == 0 && !HasNamespaceFinalizer(type, updated))
        {
            RemoveNow(type, stored);
        }
        return stored;
    }

    // ---------------------------------------------------------------- patch

    public StoredObject Patch(ResourceType type, string ns, string name, string contentType, JsonNode? patch, bool statusOnly, WriteOptions o, out bool created)
    {
        created = false;
        lock (_store.Gate)
        {
            var existing = _store.Get(type.GroupResource, type.Namespaced ? ns : "", name);
            var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
            if (mediaType == "application/apply-patch+yaml" || mediaType == "application/apply-patch+cbor")
            {
                if (string.IsNullOrEmpty(o.FieldManager))
                {
                    throw ApiException.BadRequest("PATCH /apply requires fieldManager to be set as a query parameter");
                }
                if (existing is null)
                {
                    if (patch is not JsonObject newObj) throw ApiException.BadRequest("the apply configuration must be an object");
                    Meta(newObj)["name"] = name;
                    RecordManager(type, newObj, o, "Apply");
                    created = true;
                    return Create(type, ns, newObj, o);
                }
            }
            if (existing is null) throw ApiException.NotFound(type.Group, type.Plural, name);
            var current = existing.ToNode();
            JsonNode? result = mediaType switch
            {
                "application/merge-patch+json" => JsonMergePatch.Apply(current, patch),
                "application/json-patch+json" => JsonPatch.Apply(current, patch),
                "application/strategic-merge-patch+json" when type.IsCustom =>
                    throw ApiException.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
                "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, patch),
                "application/apply-patch+yaml" or "application/apply-patch+cbor" => JsonMergePatch.Apply(current, patch),
                _ => throw ApiException.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
            };
            if (result is not JsonObject patched) throw ApiException.BadRequest("the patched object must be a JSON object");
            if (mediaType.StartsWith("application/apply-patch", StringComparison.Ordinal)) RecordManager(type, patched, o, "Apply");
            var pm = Meta(patched);
            var patchedRv = pm["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(patchedRv) && patchedRv != StoredObject.FormatResourceVersion(existing.ResourceVersion))
            {
                throw ApiException.StaleResourceVersion(type.Group, type.Plural, name);
            }
            if (pm["name"]?.GetValue<string>() != name || (type.Namespaced && pm["namespace"]?.GetValue<string>() != ns))
            {
                throw ApiException.BadRequest("metadata.name and metadata.namespace cannot be changed by a patch");
            }
            CheckKind(type, patched);
            return UpdateLocked(type, existing, patched, statusOnly, o);
        }
    }

    // ---------------------------------------------------------------- delete

    /// <summary>Deletes or, with finalizers, marks for deletion. Returns the object and whether it is gone.</summary>
    public (StoredObject Object, bool Deleted) Delete(ResourceType type, string ns, string name, DeleteRequest request)
    {
        lock (_store.Gate)
        {
            var existing = _store.Get(type.GroupResource, type.Namespaced ? ns : "", name)
                ?? throw ApiException.NotFound(type.Group, type.Plural, name);
            if (request.PreconditionUid is { Length: > 0 } uid && uid != existing.Uid)
            {
                throw ApiException.Conflict(type.Group, type.Plural, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {existing.Uid}");
            }
            if (request.PreconditionResourceVersion is { Length: > 0 } prv && prv != StoredObject.FormatResourceVersion(existing.ResourceVersion))
            {
                throw ApiException.Conflict(type.Group, type.Plural, name,
                    $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {existing.ResourceVersion}");
            }
            if (request.DryRun) return (existing, false);
            return DeleteLocked(type, existing, request.PropagationPolicy);
        }
    }

    private (StoredObject Object, bool Deleted) DeleteLocked(ResourceType type, StoredObject existing, string? propagation)
    {
        if (propagation == "Orphan") GarbageCollector.Orphan(this, existing);
        else if (propagation == "Foreground") GarbageCollector.DeleteDependents(this, existing.Uid);
        var node = existing.ToNode();
        var isNamespace = type.GroupResource == "namespaces";
        if (existing.FinalizerCount > 0 || isNamespace)
        {
            if (existing.Terminating) return (existing, false);
            var meta = Meta(node);
            meta["deletionTimestamp"] = Now();
            meta["deletionGracePeriodSeconds"] = 0;
            if (meta["generation"] is { } g) meta["generation"] = g.GetValue<long>() + 1;
            if (isNamespace)
            {
                node["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            var marked = _store.Commit(type, node, existing);
            if (isNamespace) return NamespaceLifecycle.Terminate(this, marked);
            return (marked, false);
        }
        return (RemoveNow(type, existing), true);
    }

    /// <summary>Removes an object for good and runs what follows: garbage collection, namespace and CRD finalization.</summary>
    internal StoredObject RemoveNow(ResourceType type, StoredObject existing)
    {
        var final = _store.CommitDelete(type, existing);
        AfterRemove(type, final);
        return final;
    }

    public List<StoredObject> DeleteCollection(ResourceType type, IEnumerable<StoredObject> matches, DeleteRequest request)
    {
        var deleted = new List<StoredObject>();
        lock (_store.Gate)
        {
            foreach (var m in matches)
            {
                var current = _store.Get(m.GroupResource, m.Namespace, m.Name);
                if (current is null || request.DryRun) continue;
                deleted.Add(DeleteLocked(type, current, request.PropagationPolicy).Object);
            }
        }
        return deleted;
    }

    /// <summary>Deletes any stored object with background propagation (used by the controllers).</summary>
    internal void DeleteAny(StoredObject obj)
    {
        var type = _types.FindByGroupResource(obj.GroupResource);
        var current = _store.Get(obj.GroupResource, obj.Namespace, obj.Name);
        if (type is null || current is null) return;
        DeleteLocked(type, current, null);
    }

    /// <summary>Writes a changed copy of a stored object as the system (controllers).</summary>
    internal StoredObject CommitSystem(StoredObject existing, JsonObject updated)
    {
        var type = _types.FindByGroupResource(existing.GroupResource)!;
        var stored = _store.Commit(type, updated, existing);
        AfterWrite(type, stored, existing);
        if (stored.Terminating && stored.FinalizerCount == 0 && !HasNamespaceFinalizer(type, updated)) return RemoveNow(type, stored);
        return stored;
    }

    internal ObjectStore Store => _store;
    internal TypeRegistry Types => _types;

    // ---------------------------------------------------------------- hooks

    private void AfterWrite(ResourceType type, StoredObject stored, StoredObject? previous)
    {
        if (type.Group == "rbac.authorization.k8s.io")
        {
            _rbac.Invalidate();
            if (type.Plural == "clusterroles") RbacAggregation.Reconcile(this);
        }
        if (type.GroupResource == CrdController.GroupResource) _crds.Register(stored);
        if (type.GroupResource == "namespaces" && previous is null) NamespaceLifecycle.OnCreated(this, stored);
    }

    private void AfterRemove(ResourceType type, StoredObject final)
    {
        if (type.Group == "rbac.authorization.k8s.io")
        {
            _rbac.Invalidate();
            if (type.Plural == "clusterroles") RbacAggregation.Reconcile(this);
        }
        GarbageCollector.OnOwnerRemoved(this, final);
        if (type.GroupResource == CrdController.GroupResource) _crds.Unregister(this, final);
        if (final.Namespace.Length > 0) NamespaceLifecycle.TryFinalize(this, final.Namespace);
    }

    // ---------------------------------------------------------------- helpers

    private static bool HasNamespaceFinalizer(ResourceType type, JsonObject obj) =>
        type.GroupResource == "namespaces" && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 };

    private void CheckNamespaceAccepts(ResourceType type, string ns, string name)
    {
        var nsObj = _store.Get("namespaces", "", ns) ?? throw ApiException.NotFound("", "namespaces", ns);
        if (nsObj.Terminating) throw ApiException.NamespaceTerminating(type.Group, type.Plural, name, ns);
    }

    private void Validate(ResourceType type, JsonObject obj, WriteOptions o, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
        var nameError = type.GroupResource is "namespaces" or "services"
            ? NameValidation.CheckLabel("metadata.name", name)
            : type.Group == "rbac.authorization.k8s.io" ? null : NameValidation.CheckSubdomain("metadata.name", name);
        if (nameError is not null) errors.Add(nameError);
        if (type.IsCustom)
        {
            var unknown = StructuralSchema.Prune(obj, type.Schema);
            if (unknown.Count > 0)
            {
                if (o.FieldValidation == "Strict")
                {
                    throw ApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: "
                        + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
                }
                if (o.FieldValidation != "Ignore") o.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
            }
            StructuralSchema.Default(obj, type.Schema);
            StructuralSchema.Validate(obj, type.Schema, errors);
            var storage = _types.FindByGroupResource(type.GroupResource);
            if (storage is not null) obj["apiVersion"] = storage.ApiVersion;
        }
        else
        {
            BuiltinValidation.Validate(type, obj, old, errors);
        }
        if (type.GroupResource == CrdController.GroupResource) CrdController.Validate(obj, errors);
        if (errors.Count > 0) throw ApiException.Invalid(type.QualifiedKind, name, type.Group, errors);
    }

    private static void CheckKind(ResourceType type, JsonObject body)
    {
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        var kind = body["kind"]?.GetValue<string>();
        if (string.IsNullOrEmpty(apiVersion)) body["apiVersion"] = type.ApiVersion;
        else if (apiVersion != type.ApiVersion && !(type.IsCustom && apiVersion.Split('/')[0] == type.Group))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
        if (string.IsNullOrEmpty(kind)) body["kind"] = type.Kind;
        else if (kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind}) for {type.GroupResource}");
        }
        if (body["metadata"] is not null and not JsonObject) throw ApiException.BadRequest("metadata must be an object");
    }

    private void RecordManager(ResourceType type, JsonObject obj, WriteOptions o, string operation)
    {
        if (string.IsNullOrEmpty(o.FieldManager)) return;
        var meta = Meta(obj);
        var managed = meta["managedFields"] as JsonArray ?? [];
        for (var i = managed.Count - 1; i >= 0; i--)
        {
            if (managed[i]?["manager"]?.GetValue<string>() == o.FieldManager && managed[i]?["operation"]?.GetValue<string>() == operation) managed.RemoveAt(i);
        }
        managed.Add(new JsonObject
        {
            ["manager"] = o.FieldManager,
            ["operation"] = operation,
            ["apiVersion"] = type.ApiVersion,
            ["time"] = Now(),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        });
        meta["managedFields"] = managed;
    }

    private static bool SpecChanged(JsonObject old, JsonObject updated)
    {
        foreach (var (key, value) in updated)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            if (!JsonNode.DeepEquals(old[key], value)) return true;
        }
        foreach (var (key, _) in old)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            if (!updated.ContainsKey(key)) return true;
        }
        return false;
    }

    internal static JsonObject Meta(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m) return m;
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return new string(chars);
    }
}
