using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>
/// The defaulting and create-time status kube-apiserver (and its admission plugins) apply to built-in types that
/// callers commonly rely on. Not exhaustive: see docs/kube-emulator.md.
/// </summary>
internal static class BuiltinDefaults
{
    public static void OnCreate(ResourceType type, JsonObject obj, bool keepStatus)
    {
        switch (type.GroupResource)
        {
            case "namespaces":
                obj["spec"] ??= new JsonObject();
                obj["spec"]!["finalizers"] ??= new JsonArray("kubernetes");
                if (!keepStatus || obj["status"] is null) obj["status"] = new JsonObject { ["phase"] = "Active" };
                break;
            case "pods":
                DefaultPodSpec(obj["spec"] as JsonObject);
                if (!keepStatus || obj["status"] is null) obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
                break;
            case "deployments.apps":
                if (obj["spec"] is JsonObject d)
                {
                    d["replicas"] ??= 1;
                    d["revisionHistoryLimit"] ??= 10;
                    d["progressDeadlineSeconds"] ??= 600;
                    if (d["strategy"] is not JsonObject strategy) d["strategy"] = strategy = [];
                    strategy["type"] ??= "RollingUpdate";
                    if (strategy["type"]?.GetValue<string>() == "RollingUpdate")
                    {
                        if (strategy["rollingUpdate"] is not JsonObject rolling) strategy["rollingUpdate"] = rolling = [];
                        rolling["maxUnavailable"] ??= "25%";
                        rolling["maxSurge"] ??= "25%";
                    }
                    DefaultPodSpec(d["template"]?["spec"] as JsonObject);
                }
                break;
            case "replicasets.apps" or "statefulsets.apps" or "daemonsets.apps" or "jobs.batch":
                if (obj["spec"] is JsonObject s)
                {
                    if (type.Plural is "replicasets" or "statefulsets") s["replicas"] ??= 1;
                    DefaultPodSpec(s["template"]?["spec"] as JsonObject);
                }
                break;
            case "cronjobs.batch":
                DefaultPodSpec(obj["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"] as JsonObject);
                break;
            case "services":
                if (obj["spec"] is JsonObject svc)
                {
                    svc["type"] ??= "ClusterIP";
                    svc["sessionAffinity"] ??= "None";
                    foreach (var port in (svc["ports"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        port["protocol"] ??= "TCP";
                        port["targetPort"] ??= port["port"]?.DeepClone();
                    }
                }
                break;
            case "secrets":
                obj["type"] ??= "Opaque";
                break;
            case "storageclasses.storage.k8s.io":
                obj["reclaimPolicy"] ??= "Delete";
                obj["volumeBindingMode"] ??= "Immediate";
                break;
            case "persistentvolumes" or "persistentvolumeclaims":
                if (obj["spec"] is JsonObject volume)
                {
                    volume["volumeMode"] ??= "Filesystem";
                    if (type.Plural == "persistentvolumes") volume["persistentVolumeReclaimPolicy"] ??= "Retain";
                }
                if (!keepStatus || obj["status"] is null) obj["status"] = new JsonObject { ["phase"] = "Pending" };
                break;
            case "priorityclasses.scheduling.k8s.io":
                obj["preemptionPolicy"] ??= "PreemptLowerPriority";
                break;
        }
    }

    public static void OnUpdate(ResourceType type, JsonObject obj)
    {
        if (type.GroupResource == "pods") DefaultPodSpec(obj["spec"] as JsonObject);
    }

    private static void DefaultPodSpec(JsonObject? spec)
    {
        if (spec is null) return;
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["securityContext"] ??= new JsonObject();
        if (spec["serviceAccountName"] is null && spec["serviceAccount"] is null) spec["serviceAccountName"] = "default";
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (spec[list] is not JsonArray containers) continue;
            foreach (var c in containers.OfType<JsonObject>())
            {
                var image = c["image"]?.GetValue<string>() ?? "";
                var lastSegment = image.Split('/')[^1];
                var latest = !lastSegment.Contains(':', StringComparison.Ordinal) || lastSegment.EndsWith(":latest", StringComparison.Ordinal);
                if (image.Contains('@', StringComparison.Ordinal)) latest = false;
                c["imagePullPolicy"] ??= latest ? "Always" : "IfNotPresent";
                c["terminationMessagePath"] ??= "/dev/termination-log";
                c["terminationMessagePolicy"] ??= "File";
                c["resources"] ??= new JsonObject();
                foreach (var port in (c["ports"] as JsonArray ?? []).OfType<JsonObject>()) port["protocol"] ??= "TCP";
            }
        }
    }
}
