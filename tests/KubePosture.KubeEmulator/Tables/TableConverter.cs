using System.Globalization;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Tables;

/// <summary>
/// meta.k8s.io/v1 Table responses (Accept: application/json;as=Table;v=v1;g=meta.k8s.io), which kubectl get prints.
/// Custom resources use their CRD's additionalPrinterColumns (JSONPath evaluated); built-ins use the columns
/// kubectl users know for the common types and Name/Age otherwise.
/// </summary>
internal sealed class TableConverter
{
    private sealed record Column(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, JsonNode?> Cell);

    private readonly TimeProvider _time;

    public TableConverter(TimeProvider time) => _time = time;

    public JsonObject Convert(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken, string includeObject, bool includeColumns = true)
    {
        var columns = ColumnsFor(type);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var c in columns) cells.Add(c.Cell(obj));
            var row = new JsonObject { ["cells"] = cells };
            if (includeObject == "Object") row["object"] = obj;
            else if (includeObject != "None")
            {
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                };
            }
            rows.Add(row);
        }
        var meta = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (!string.IsNullOrEmpty(continueToken)) meta["continue"] = continueToken;
        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta };
        if (includeColumns)
        {
            table["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray());
        }
        table["rows"] = rows;
        return table;
    }

    private List<Column> ColumnsFor(ResourceType type)
    {
        var name = new Column("Name", "string", "name", "Name must be unique within a namespace. It is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.", 0,
            o => o["metadata"]?["name"]?.DeepClone());
        var age = new Column("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            o => Age(o["metadata"]?["creationTimestamp"]?.GetValue<string>()));
        if (type.IsCustom)
        {
            if (type.PrinterColumns.Count == 0) return [name, age];
            var list = new List<Column> { name };
            foreach (var pc in type.PrinterColumns)
            {
                list.Add(new Column(pc.Name, pc.Type, pc.Format, pc.Description, pc.Priority, o => CustomCell(o, pc)));
            }
            return list;
        }
        return type.GroupResource switch
        {
            "pods" =>
            [
                name,
                S("Ready", o => PodReady(o)),
                S("Status", o => o["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : o["status"]?["reason"]?.GetValue<string>() ?? o["status"]?["phase"]?.GetValue<string>() ?? ""),
                new Column("Restarts", "string", "", "The number of times the containers in this pod have been restarted.", 0,
                    o => ((o["status"]?["containerStatuses"] as JsonArray)?.Sum(c => c?["restartCount"]?.GetValue<int>() ?? 0) ?? 0).ToString(CultureInfo.InvariantCulture)),
                age,
                S("IP", o => o["status"]?["podIP"]?.GetValue<string>() ?? "<none>", 1),
                S("Node", o => o["spec"]?["nodeName"]?.GetValue<string>() ?? "<none>", 1),
            ],
            "namespaces" => [name, S("Status", o => o["status"]?["phase"]?.GetValue<string>() ?? ""), age],
            "nodes" =>
            [
                name,
                S("Status", o => (o["status"]?["conditions"] as JsonArray)?.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true ? "Ready" : "NotReady"),
                S("Roles", o => string.Join(",", (o["metadata"]?["labels"] as JsonObject ?? []).Select(kv => kv.Key).Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal)).Select(k => k["node-role.kubernetes.io/".Length..])) is { Length: > 0 } r ? r : "<none>"),
                age,
                S("Version", o => o["status"]?["nodeInfo"]?["kubeletVersion"]?.GetValue<string>() ?? ""),
            ],
            "deployments.apps" =>
            [
                name,
                S("Ready", o => $"{Int(o["status"]?["readyReplicas"])}/{Int(o["spec"]?["replicas"])}"),
                new Column("Up-to-date", "integer", "", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", 0, o => Int(o["status"]?["updatedReplicas"])),
                new Column("Available", "integer", "", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", 0, o => Int(o["status"]?["availableReplicas"])),
                age,
            ],
            "configmaps" => [name, new Column("Data", "integer", "", "Number of data entries.", 0, o => (o["data"] as JsonObject)?.Count + (o["binaryData"] as JsonObject)?.Count ?? (o["data"] as JsonObject)?.Count ?? 0), age],
            "secrets" => [name, S("Type", o => o["type"]?.GetValue<string>() ?? ""), new Column("Data", "integer", "", "Number of data entries.", 0, o => (o["data"] as JsonObject)?.Count ?? 0), age],
            "services" =>
            [
                name,
                S("Type", o => o["spec"]?["type"]?.GetValue<string>() ?? ""),
                S("Cluster-IP", o => o["spec"]?["clusterIP"]?.GetValue<string>() ?? "<none>"),
                S("External-IP", o => "<none>"),
                S("Port(s)", o => string.Join(",", (o["spec"]?["ports"] as JsonArray ?? []).Select(p => $"{p?["port"]}/{p?["protocol"]?.GetValue<string>() ?? "TCP"}")) is { Length: > 0 } ports ? ports : "<none>"),
                age,
            ],
            "poddisruptionbudgets.policy" =>
            [
                name,
                S("Min Available", o => Text(o["spec"]?["minAvailable"], "N/A")),
                S("Max Unavailable", o => Text(o["spec"]?["maxUnavailable"], "N/A")),
                new Column("Allowed Disruptions", "integer", "", "Number of pod disruptions that are currently allowed.", 0, o => Int(o["status"]?["disruptionsAllowed"])),
                age,
            ],
            "ingresses.networking.k8s.io" =>
            [
                name,
                S("Class", o => Text(o["spec"]?["ingressClassName"], "<none>")),
                S("Hosts", o => string.Join(",", (o["spec"]?["rules"] as JsonArray ?? []).Select(r => r?["host"]?.GetValue<string>()).Where(h => !string.IsNullOrEmpty(h))) is { Length: > 0 } hosts ? hosts : "*"),
                S("Address", o => string.Join(",", (o["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).Select(i => i?["ip"]?.GetValue<string>() ?? i?["hostname"]?.GetValue<string>()))),
                S("Ports", o => (o["spec"]?["tls"] as JsonArray)?.Count > 0 ? "80, 443" : "80"),
                age,
            ],
            "storageclasses.storage.k8s.io" =>
            [
                name,
                S("Provisioner", o => Text(o["provisioner"], "")),
                S("ReclaimPolicy", o => Text(o["reclaimPolicy"], "Delete")),
                S("VolumeBindingMode", o => Text(o["volumeBindingMode"], "Immediate")),
                S("AllowVolumeExpansion", o => Text(o["allowVolumeExpansion"], "false")),
                age,
            ],
            "persistentvolumes" =>
            [
                name,
                S("Capacity", o => Text(o["spec"]?["capacity"]?["storage"], "")),
                S("Access Modes", o => AccessModes(o["spec"]?["accessModes"])),
                S("Reclaim Policy", o => Text(o["spec"]?["persistentVolumeReclaimPolicy"], "")),
                S("Status", o => Text(o["status"]?["phase"], "")),
                S("Claim", o => o["spec"]?["claimRef"] is JsonObject claim ? $"{Text(claim["namespace"], "")}/{Text(claim["name"], "")}" : ""),
                S("StorageClass", o => Text(o["spec"]?["storageClassName"], "")),
                S("VolumeAttributesClass", o => Text(o["spec"]?["volumeAttributesClassName"], "<unset>")),
                S("Reason", o => Text(o["status"]?["reason"], "")),
                age,
            ],
            "persistentvolumeclaims" =>
            [
                name,
                S("Status", o => Text(o["status"]?["phase"], "")),
                S("Volume", o => Text(o["spec"]?["volumeName"], "")),
                S("Capacity", o => Text(o["status"]?["capacity"]?["storage"], "")),
                S("Access Modes", o => AccessModes(o["status"]?["accessModes"])),
                S("StorageClass", o => Text(o["spec"]?["storageClassName"], "")),
                S("VolumeAttributesClass", o => Text(o["spec"]?["volumeAttributesClassName"], "<unset>")),
                age,
            ],
            "customresourcedefinitions.apiextensions.k8s.io" =>
            [
                name,
                new Column("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, o => o["metadata"]?["creationTimestamp"]?.DeepClone()),
            ],
            _ => [name, age],
        };
    }

    private static Column S(string name, Func<JsonObject, string> cell, int priority = 0) => new(name, "string", "", name, priority, o => cell(o));

    /// <summary>A scalar as kubectl prints it (strings bare, numbers and booleans as written), or <paramref name="missing"/>.</summary>
    private static string Text(JsonNode? n, string missing) =>
        n is JsonValue v ? (v.TryGetValue<string>(out var text) ? text : v.ToJsonString()) : missing;

    /// <summary>Access modes abbreviated as kubectl prints them: RWO,ROX,RWX,RWOP.</summary>
    private static string AccessModes(JsonNode? modes) => string.Join(",", (modes as JsonArray ?? []).Select(m => m?.GetValue<string>() switch
    {
        "ReadWriteOnce" => "RWO",
        "ReadOnlyMany" => "ROX",
        "ReadWriteMany" => "RWX",
        "ReadWriteOncePod" => "RWOP",
        var other => other,
    }));

    private static int Int(JsonNode? n) => n is null ? 0 : (int)double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture);

    private static string PodReady(JsonObject pod)
    {
        var total = (pod["spec"]?["containers"] as JsonArray)?.Count ?? 0;
        var ready = (pod["status"]?["containerStatuses"] as JsonArray)?.Count(c => c?["ready"]?.GetValue<bool>() == true) ?? 0;
        return $"{ready}/{total}";
    }

    private string Age(string? timestamp)
    {
        if (timestamp is null || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return "<unknown>";
        return HumanDuration.Format(_time.GetUtcNow() - t);
    }

    private JsonNode? CustomCell(JsonObject obj, PrinterColumn column)
    {
        var value = JsonPathLite.First(obj, column.JsonPath);
        if (value is null) return null;
        switch (column.Type)
        {
            case "string":
                return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
            case "integer":
                return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var i) ? (long)i : null;
            case "number":
                return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            case "boolean":
                return value is JsonValue b && b.TryGetValue<bool>(out var flag) ? flag : null;
            case "date":
                return value is JsonValue dv && dv.TryGetValue<string>(out var ts) ? Age(ts) : null;
            default:
                return null;
        }
    }
}
