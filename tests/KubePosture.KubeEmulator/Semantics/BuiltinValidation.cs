using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>The required-field validation of built-in types that tests most often trip over (422 with field paths).</summary>
internal static class BuiltinValidation
{
    public static void Validate(ResourceType type, JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        switch (type.GroupResource)
        {
            case "pods":
                ValidatePodSpec(obj["spec"] as JsonObject, "spec", errors);
                if (old is not null && !JsonNode.DeepEquals(Without(old["spec"], "containers", "initContainers", "activeDeadlineSeconds", "tolerations"), Without(obj["spec"], "containers", "initContainers", "activeDeadlineSeconds", "tolerations")))
                {
                    errors.Add(FieldError.Forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
                }
                break;
            case "deployments.apps" or "replicasets.apps" or "statefulsets.apps" or "daemonsets.apps":
                {
                    var spec = obj["spec"] as JsonObject;
                    if (spec?["selector"] is null) errors.Add(FieldError.Required("spec.selector"));
                    if (spec?["template"]?["metadata"]?["labels"] is not JsonObject templateLabels)
                    {
                        errors.Add(FieldError.InvalidValue("spec.template.metadata.labels", "map[string]string(nil)", "`selector` does not match template `labels`"));
                    }
                    else if (spec["selector"]?["matchLabels"] is JsonObject ml)
                    {
                        foreach (var (k, v) in ml)
                        {
                            if (templateLabels[k]?.GetValue<string>() != v?.GetValue<string>())
                            {
                                errors.Add(FieldError.InvalidValue("spec.template.metadata.labels", templateLabels.ToJsonString(), "`selector` does not match template `labels`"));
                                break;
                            }
                        }
                    }
                    ValidatePodSpec(spec?["template"]?["spec"] as JsonObject, "spec.template.spec", errors);
                    break;
                }
            case "rolebindings.rbac.authorization.k8s.io" or "clusterrolebindings.rbac.authorization.k8s.io":
                if (obj["roleRef"] is not JsonObject roleRef) errors.Add(FieldError.Required("roleRef"));
                else
                {
                    if (string.IsNullOrEmpty(roleRef["name"]?.GetValue<string>())) errors.Add(FieldError.Required("roleRef.name"));
                    var kind = roleRef["kind"]?.GetValue<string>();
                    var allowed = type.Plural == "rolebindings" ? new[] { "Role", "ClusterRole" } : ["ClusterRole"];
                    if (kind is null || !allowed.Contains(kind)) errors.Add(FieldError.NotSupported("roleRef.kind", "\"" + kind + "\"", allowed.Select(a => "\"" + a + "\"")));
                    if (old?["roleRef"] is { } oldRef && !JsonNode.DeepEquals(oldRef, roleRef))
                    {
                        errors.Add(FieldError.InvalidValue("roleRef", roleRef.ToJsonString(), "cannot change roleRef"));
                    }
                }
                break;
        }
    }

    private static void ValidatePodSpec(JsonObject? spec, string path, List<FieldError> errors)
    {
        if (spec is null)
        {
            errors.Add(FieldError.Required(path + ".containers"));
            return;
        }
        if (spec["containers"] is not JsonArray { Count: > 0 } containers)
        {
            errors.Add(FieldError.Required(path + ".containers"));
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            if (string.IsNullOrEmpty(c?["name"]?.GetValue<string>())) errors.Add(FieldError.Required($"{path}.containers[{i}].name"));
            if (string.IsNullOrEmpty(c?["image"]?.GetValue<string>())) errors.Add(FieldError.Required($"{path}.containers[{i}].image"));
        }
    }

    private static JsonNode? Without(JsonNode? node, params string[] keys)
    {
        if (node is not JsonObject o) return node;
        var copy = o.DeepClone().AsObject();
        foreach (var k in keys) copy.Remove(k);
        return copy;
    }
}
