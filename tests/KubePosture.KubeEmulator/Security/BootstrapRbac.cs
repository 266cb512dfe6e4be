using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Security;

/// <summary>
/// The bootstrap RBAC policy kube-apiserver creates that clients depend on: cluster-admin for system:masters,
/// discovery and public-info for everyone, self reviews for authenticated users, and the aggregated
/// admin/edit/view ClusterRoles with their aggregate-to-* parts.
/// </summary>
internal static class BootstrapRbac
{
    private const string Rbac = "rbac.authorization.k8s.io/v1";

    public static IEnumerable<JsonObject> Objects()
    {
        yield return Role("cluster-admin", null,
            Rule(["*"], ["*"], ["*"]),
            NonResource(["*"], ["*"]));
        yield return Role("system:discovery", null,
            NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]));
        yield return Role("system:public-info-viewer", null,
            NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"]));
        yield return Role("system:basic-user", null,
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]));
        yield return Role("system:aggregate-to-view", Label("view"),
            Rule(["get", "list", "watch"], [""], ["configmaps", "endpoints", "persistentvolumeclaims", "pods", "replicationcontrollers", "serviceaccounts", "services", "events", "namespaces", "limitranges", "resourcequotas"]),
            Rule(["get", "list", "watch"], ["apps"], ["daemonsets", "deployments", "replicasets", "statefulsets"]),
            Rule(["get", "list", "watch"], ["batch"], ["cronjobs", "jobs"]),
            Rule(["get", "list", "watch"], ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
            Rule(["get", "list", "watch"], ["policy"], ["poddisruptionbudgets"]),
            Rule(["get", "list", "watch"], ["coordination.k8s.io"], ["leases"]));
        yield return Role("system:aggregate-to-edit", Label("edit"),
            Rule(["create", "delete", "deletecollection", "patch", "update"], [""], ["configmaps", "endpoints", "persistentvolumeclaims", "pods", "secrets", "services", "serviceaccounts"]),
            Rule(["get", "list", "watch"], [""], ["secrets"]),
            Rule(["create", "delete", "deletecollection", "patch", "update"], ["apps"], ["daemonsets", "deployments", "replicasets", "statefulsets"]),
            Rule(["create", "delete", "deletecollection", "patch", "update"], ["batch"], ["cronjobs", "jobs"]),
            Rule(["create", "delete", "deletecollection", "patch", "update"], ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
            Rule(["create", "delete", "deletecollection", "patch", "update"], ["policy"], ["poddisruptionbudgets"]));
        yield return Role("system:aggregate-to-admin", Label("admin"),
            Rule(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
            Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]));
        yield return Aggregated("view", ["view"]);
        yield return Aggregated("edit", ["edit", "view"]);
        yield return Aggregated("admin", ["admin", "edit", "view"]);
        yield return Binding("cluster-admin", "cluster-admin", ("Group", "system:masters"));
        yield return Binding("system:discovery", "system:discovery", ("Group", "system:authenticated"));
        yield return Binding("system:basic-user", "system:basic-user", ("Group", "system:authenticated"));
        yield return Binding("system:public-info-viewer", "system:public-info-viewer", ("Group", "system:authenticated"), ("Group", "system:unauthenticated"));
    }

    private static JsonObject Label(string role) => new() { [$"rbac.authorization.k8s.io/aggregate-to-{role}"] = "true" };

    private static JsonObject Meta(string name, JsonObject? labels)
    {
        var m = new JsonObject
        {
            ["name"] = name,
            ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
        };
        var l = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        if (labels is not null) foreach (var (k, v) in labels) l[k] = v?.DeepClone();
        m["labels"] = l;
        return m;
    }

    private static JsonObject Role(string name, JsonObject? labels, params JsonObject[] rules) => new()
    {
        ["apiVersion"] = Rbac,
        ["kind"] = "ClusterRole",
        ["metadata"] = Meta(name, labels),
        ["rules"] = new JsonArray(rules.Select(r => (JsonNode?)r).ToArray()),
    };

    private static JsonObject Aggregated(string name, string[] parts)
    {
        JsonObject? labels = name == "admin" ? null : Label(name == "view" ? "edit" : "admin");
        return new JsonObject
        {
            ["apiVersion"] = Rbac,
            ["kind"] = "ClusterRole",
            ["metadata"] = Meta(name, labels),
            ["aggregationRule"] = new JsonObject
            {
                ["clusterRoleSelectors"] = new JsonArray(parts.Select(p => (JsonNode?)new JsonObject { ["matchLabels"] = Label(p) }).ToArray()),
            },
            ["rules"] = new JsonArray(),
        };
    }

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Arr(verbs),
        ["apiGroups"] = Arr(groups),
        ["resources"] = Arr(resources),
    };

    private static JsonObject NonResource(string[] verbs, string[] urls) => new() { ["verbs"] = Arr(verbs), ["nonResourceURLs"] = Arr(urls) };

    private static JsonObject Binding(string name, string role, params (string Kind, string Name)[] subjects) => new()
    {
        ["apiVersion"] = Rbac,
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Meta(name, null),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray(subjects.Select(s => (JsonNode?)new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = s.Kind, ["name"] = s.Name }).ToArray()),
    };

    private static JsonArray Arr(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
