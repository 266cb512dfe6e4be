using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Storage;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>
/// CustomResourceDefinitions: validation, the status kube-apiserver's CRD controllers write (NamesAccepted,
/// Established, acceptedNames, storedVersions), serving the defined versions, and deleting every custom resource
/// when the CRD goes.
/// </summary>
internal sealed class CrdController
{
    public const string GroupResource = "customresourcedefinitions.apiextensions.k8s.io";

    private readonly TypeRegistry _types;
    private readonly TimeProvider _time;

    public CrdController(TypeRegistry types, TimeProvider time)
    {
        _types = types;
        _time = time;
    }

    public static void Validate(JsonObject crd, List<FieldError> errors)
    {
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>() ?? "";
        var plural = spec?["names"]?["plural"]?.GetValue<string>() ?? "";
        var kind = spec?["names"]?["kind"]?.GetValue<string>() ?? "";
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? "";
        if (group.Length == 0) errors.Add(FieldError.Required("spec.group"));
        else if (!group.Contains('.', StringComparison.Ordinal)) errors.Add(FieldError.InvalidValue("spec.group", $"\"{group}\"", "should be a domain with at least one dot"));
        if (plural.Length == 0) errors.Add(FieldError.Required("spec.names.plural"));
        if (kind.Length == 0) errors.Add(FieldError.Required("spec.names.kind"));
        if (plural.Length > 0 && group.Length > 0 && name != plural + "." + group)
        {
            errors.Add(FieldError.InvalidValue("metadata.name", $"\"{name}\"", "must be spec.names.plural+\".\"+spec.group"));
        }
        var scope = spec?["scope"]?.GetValue<string>();
        if (scope is not ("Namespaced" or "Cluster")) errors.Add(FieldError.NotSupported("spec.scope", $"\"{scope}\"", ["\"Cluster\"", "\"Namespaced\""]));
        if (spec?["versions"] is not JsonArray { Count: > 0 } versions)
        {
            errors.Add(FieldError.Required("spec.versions", "must have exactly one version marked as storage version"));
            return;
        }
        var storageCount = versions.Count(v => v?["storage"]?.GetValue<bool>() == true);
        if (storageCount != 1) errors.Add(FieldError.InvalidValue("spec.versions", $"{storageCount}", "must have exactly one version marked as storage version"));
        for (var i = 0; i < versions.Count; i++)
        {
            if (string.IsNullOrEmpty(versions[i]?["name"]?.GetValue<string>())) errors.Add(FieldError.Required($"spec.versions[{i}].name"));
            if (versions[i]?["schema"]?["openAPIV3Schema"] is not JsonObject)
            {
                errors.Add(FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
            }
        }
    }

    /// <summary>Sets the status the CRD controllers would write (same write, so the CRD is Established at once).</summary>
    public void PrepareCrd(JsonObject crd, JsonObject? old)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"]?.DeepClone() as JsonObject ?? [];
        names["singular"] ??= names["kind"]?.GetValue<string>().ToLowerInvariant();
        names["listKind"] ??= names["kind"]?.GetValue<string>() + "List";
        var now = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var oldConditions = old?["status"]?["conditions"] as JsonArray;
        string Since(string type) => oldConditions?.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["lastTransitionTime"]?.GetValue<string>() ?? now;
        var stored = (old?["status"]?["storedVersions"] as JsonArray)?.Select(v => v!.GetValue<string>()).ToList() ?? [];
        var storage = (spec?["versions"] as JsonArray)?.FirstOrDefault(v => v?["storage"]?.GetValue<bool>() == true)?["name"]?.GetValue<string>();
        if (storage is not null && !stored.Contains(storage)) stored.Add(storage);
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = Since("NamesAccepted"), ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = Since("Established"), ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
            ["storedVersions"] = new JsonArray(stored.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        };
    }

    /// <summary>Serves the CRD's versions (storage version first so it is the one objects are stored at).</summary>
    public void Register(StoredObject crdObject)
    {
        var crd = crdObject.ToNode();
        var spec = crd["spec"]!.AsObject();
        var group = spec["group"]!.GetValue<string>();
        var names = spec["names"]!.AsObject();
        var plural = names["plural"]!.GetValue<string>();
        var kind = names["kind"]!.GetValue<string>();
        var singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var shortNames = (names["shortNames"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToArray() ?? [];
        var categories = (names["categories"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToArray() ?? [];
        var namespaced = spec["scope"]?.GetValue<string>() == "Namespaced";
        var types = new List<ResourceType>();
        foreach (var v in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>()
                     .Where(v => v["served"]?.GetValue<bool>() != false)
                     .OrderByDescending(v => v["storage"]?.GetValue<bool>() == true))
        {
            var columns = new List<PrinterColumn>();
            foreach (var c in (v["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>())
            {
                columns.Add(new PrinterColumn(c["name"]?.GetValue<string>() ?? "", c["type"]?.GetValue<string>() ?? "string",
                    c["format"]?.GetValue<string>() ?? "", c["description"]?.GetValue<string>() ?? "",
                    c["priority"]?.GetValue<int>() ?? 0, c["jsonPath"]?.GetValue<string>() ?? ""));
            }
            types.Add(new ResourceType
            {
                Group = group,
                Version = v["name"]!.GetValue<string>(),
                Plural = plural,
                Singular = singular,
                Kind = kind,
                Namespaced = namespaced,
                ShortNames = shortNames,
                Categories = categories,
                HasStatus = v["subresources"]?["status"] is not null,
                TracksGeneration = true,
                IsCustom = true,
                AllowUnconditionalUpdate = false,
                ReturnDeletedObject = true,
                Schema = v["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
                PrinterColumns = columns,
                SelectableFields = (v["selectableFields"] as JsonArray ?? []).Select(f => f?["jsonPath"]?.GetValue<string>()?.TrimStart('.') ?? "").Where(f => f.Length > 0).ToArray(),
            });
        }
        _types.SetCustom(crdObject.Name, types);
    }

    /// <summary>The CRD is gone: its custom resources go with it and its versions stop being served.</summary>
    public void Unregister(ObjectWriter writer, StoredObject crdObject)
    {
        var crd = crdObject.ToNode();
        var group = crd["spec"]?["group"]?.GetValue<string>() ?? "";
        var plural = crd["spec"]?["names"]?["plural"]?.GetValue<string>() ?? "";
        var groupResource = plural + "." + group;
        foreach (var cr in writer.Store.Snapshot(groupResource, null).Items)
        {
            var current = writer.Store.Get(groupResource, cr.Namespace, cr.Name);
            var type = _types.FindByGroupResource(groupResource);
            if (current is not null && type is not null) writer.RemoveNow(type, current);
        }
        _types.SetCustom(crdObject.Name, []);
    }
}
