using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Discovery;

/// <summary>
/// OpenAPI v3 (/openapi/v3 and one document per group/version) and v2 (/openapi/v2, JSON or protobuf), as much as
/// kubectl needs: a PATCH operation per resource carrying x-kubernetes-group-version-kind and the fieldValidation
/// parameter, so kubectl's default validation delegates to the server (which rejects unknown custom-resource fields);
/// the schema of every served kind (built-ins from the vendored protobuf schema, <see cref="BuiltinSchemas"/>; CRD
/// schemas as written), so kubectl explain works and kubectl validates client-side the kinds whose PATCH takes no
/// fieldValidation (the reviews). The PATCH operations offer no strategic-merge-patch request body, so kubectl
/// computes strategic merge patches for built-ins from its compiled-in types.
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject V3Root(TypeRegistry types, string kubernetesVersion)
    {
        var paths = new JsonObject();
        foreach (var gv in types.All.Select(t => (t.Group, t.Version)).Distinct().OrderBy(g => g.Group, StringComparer.Ordinal))
        {
            var key = gv.Group.Length == 0 ? "api/" + gv.Version : $"apis/{gv.Group}/{gv.Version}";
            var hash = Hash(V3GroupVersion(types, gv.Group, gv.Version, kubernetesVersion)!.ToJsonString());
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? V3GroupVersion(TypeRegistry types, string group, string version, string kubernetesVersion)
    {
        var matching = types.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (matching.Count == 0) return null;
        var paths = new JsonObject();
        var schemas = BuiltinSchemas.For(types, group, version, v3: true);
        foreach (var t in matching)
        {
            var prefix = group.Length == 0 ? "/api/" + version : $"/apis/{group}/{version}";
            var collection = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}" : $"{prefix}/{t.Plural}";
            var gvk = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };
            if (t.CreateOnly)
            {
                paths[collection] = new JsonObject { ["post"] = Operation(t, "post", gvk) };
                continue;
            }
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(t, "list", gvk),
                ["post"] = Operation(t, "post", gvk),
                ["delete"] = Operation(t, "deletecollection", gvk),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(t, "get", gvk),
                ["put"] = Operation(t, "put", gvk),
                ["patch"] = Operation(t, "patch", gvk),
                ["delete"] = Operation(t, "delete", gvk),
                ["parameters"] = t.Namespaced ? new JsonArray(PathParam("name"), PathParam("namespace")) : new JsonArray(PathParam("name")),
            };
            if (t.HasStatus)
            {
                paths[collection + "/{name}/status"] = new JsonObject
                {
                    ["get"] = Operation(t, "get", gvk),
                    ["put"] = Operation(t, "put", gvk),
                    ["patch"] = Operation(t, "patch", gvk),
                };
            }
            if (t.IsCustom && t.Schema is not null) schemas[SchemaName(t)] = CustomSchema(t);
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = kubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    public static JsonObject V2(TypeRegistry types, string kubernetesVersion)
    {
        var definitions = BuiltinSchemas.For(types, null, null, v3: false);
        foreach (var t in types.All.Where(t => t.IsCustom && t.Schema is not null))
        {
            var s = CustomSchema(t);
            s["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
            definitions[SchemaName(t)] = s;
        }
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = kubernetesVersion },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        };
    }

    private static JsonObject Operation(ResourceType t, string action, JsonObject gvk)
    {
        var op = new JsonObject
        {
            ["operationId"] = action + t.Kind,
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
        var parameters = new JsonArray();
        if (action is "patch" or "put" or "post")
        {
            parameters.Add(QueryParam("dryRun"));
            parameters.Add(QueryParam("fieldManager"));
            parameters.Add(QueryParam("fieldValidation"));
        }
        if (action == "patch") parameters.Add(QueryParam("force"));
        if (parameters.Count > 0) op["parameters"] = parameters;
        op["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } };
        return op;
    }

    private static JsonObject QueryParam(string name) =>
        new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" }, ["uniqueItems"] = true };

    private static JsonObject PathParam(string name) =>
        new() { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } };

    private static string SchemaName(ResourceType t) =>
        string.Join('.', t.Group.Split('.').Reverse()) + "." + t.Version + "." + t.Kind;

    private static JsonObject CustomSchema(ResourceType t)
    {
        var s = t.Schema!.DeepClone().AsObject();
        var props = s["properties"] as JsonObject ?? [];
        s["properties"] = props;
        props["apiVersion"] ??= new JsonObject { ["type"] = "string" };
        props["kind"] ??= new JsonObject { ["type"] = "string" };
        props["metadata"] = new JsonObject { ["type"] = "object" };
        s["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
        return s;
    }

    public static string Hash(string content) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(content)))[..64];
}
