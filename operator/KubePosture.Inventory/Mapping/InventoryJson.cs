using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// Serializer options for reading the inventory kinds from the API server (the informers' LIST pages and WATCH
/// events): KubernetesClient's options, except that the fields no mapper of this project reads are skipped in the
/// JSON instead of being built into models, and resource quantities are not parsed.
/// </summary>
/// <remarks>
/// The mappers turn each object into a slim record at once and drop the model, so whatever the model holds beyond
/// what they read is work and garbage only. The largest are metadata.managedFields (often a third of an object's bytes in
/// a real cluster), pod and node status (conditions, IPs, node images), scheduling fields, and the
/// controllers' status. A resource quantity (<c>"500m"</c>, <c>"128Mi"</c>) is parsed into an exact fraction by
/// KubernetesClient, the most expensive value in a pod; the mappers only ask whether a request or limit is set, so
/// under these options a quantity is kept as null under its key. A mapper that starts reading one of these fields
/// must take it off <see cref="Skipped"/>: <c>InventoryJsonTests</c> maps objects that set every skipped field both
/// ways and fails when the records differ.
/// </remarks>
public static class InventoryJson
{
    /// <summary>JSON fields skipped per model type: none of the mappers reads them.</summary>
    public static IReadOnlyDictionary<Type, string[]> Skipped { get; } = new Dictionary<Type, string[]>
    {
        [typeof(V1ObjectMeta)] = ["managedFields", "generation", "generateName", "finalizers", "selfLink", "deletionGracePeriodSeconds"],
        [typeof(V1PodSpec)] =
        [
            "tolerations", "affinity", "dnsPolicy", "dnsConfig", "restartPolicy", "schedulerName", "terminationGracePeriodSeconds",
            "activeDeadlineSeconds", "priority", "priorityClassName", "preemptionPolicy", "enableServiceLinks", "readinessGates",
            "topologySpreadConstraints", "imagePullSecrets", "hostname", "subdomain", "hostAliases", "setHostnameAsFQDN",
            "schedulingGates", "overhead", "resourceClaims",
        ],
        [typeof(V1Container)] = ContainerFields,
        [typeof(V1EphemeralContainer)] = [.. ContainerFields, "targetContainerName"],
        [typeof(V1PodStatus)] =
        [
            "conditions", "phase", "message", "reason", "podIP", "podIPs", "hostIP", "hostIPs", "qosClass", "startTime",
            "nominatedNodeName", "resize", "resourceClaimStatuses", "observedGeneration",
        ],
        [typeof(V1ContainerStatus)] =
        [
            "state", "lastState", "ready", "restartCount", "started", "containerID", "allocatedResources",
            "allocatedResourcesStatus", "resources", "volumeMounts", "user", "stopSignal",
        ],
        [typeof(V1NodeStatus)] = ["images", "capacity", "allocatable", "daemonEndpoints", "volumesInUse", "volumesAttached", "config", "phase", "features", "runtimeHandlers"],
        [typeof(V1NodeSpec)] = ["taints", "podCIDR", "podCIDRs", "configSource", "externalID"],
        [typeof(V1Deployment)] = ["status"],
        [typeof(V1ReplicaSet)] = ["status"],
        [typeof(V1StatefulSet)] = ["status"],
        [typeof(V1DaemonSet)] = ["status"],
        [typeof(V1ReplicationController)] = ["status"],
        [typeof(V1Job)] = ["status"],
        [typeof(V1CronJob)] = ["status"],
        [typeof(V1ServiceStatus)] = ["conditions"],
        [typeof(V1LoadBalancerIngress)] = ["ip", "ipMode", "ports"],
        [typeof(V1IngressLoadBalancerIngress)] = ["ip", "ports"],
        [typeof(V1Namespace)] = ["spec", "status"],
    };

    private static string[] ContainerFields =>
    [
        "command", "args", "workingDir", "imagePullPolicy", "terminationMessagePath", "terminationMessagePolicy", "resizePolicy", "restartPolicy", "restartPolicyRules",
        "volumeDevices", "stdin", "stdinOnce", "tty",
    ];

    /// <summary>The inventory's reader options, derived from KubernetesClient's own (the operator's API client holds them).</summary>
    public static JsonSerializerOptions Create(JsonSerializerOptions kubernetes)
    {
        if (kubernetes.TypeInfoResolver is not { } resolver)
            throw new ArgumentException("KubernetesClient's serializer options carry no type resolver", nameof(kubernetes));
        var options = new JsonSerializerOptions(kubernetes) { TypeInfoResolver = resolver.WithAddedModifier(SkipFields) };
        options.Converters.Insert(0, new UnparsedQuantity());
        options.MakeReadOnly();
        return options;
    }

    private static void SkipFields(JsonTypeInfo type)
    {
        if (!Skipped.TryGetValue(type.Type, out var names))
            return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (Array.IndexOf(names, type.Properties[i].Name) >= 0)
                type.Properties.RemoveAt(i);
        }
    }

    /// <summary>
    /// A quantity's value (a JSON string or number) is read as null: its key tells that a request or limit is set.
    /// A scalar is a single token, so the reader needs no skipping, which a streamed read could not do mid-buffer.
    /// </summary>
    private sealed class UnparsedQuantity : JsonConverter<ResourceQuantity>
    {
        public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType is JsonTokenType.String or JsonTokenType.Number
                ? null
                : throw new JsonException($"a resource quantity is a string or a number, not {reader.TokenType}");

        public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) =>
            throw new NotSupportedException("the inventory's reader options only read");
    }
}
