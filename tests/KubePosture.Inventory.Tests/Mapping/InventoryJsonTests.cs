using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Inventory.Mapping;

namespace KubePosture.Inventory.Tests.Mapping;

/// <summary>
/// The informers read the inventory kinds with <see cref="Inventory"/>, which skip fields no mapper reads
/// and leave resource quantities unparsed. Objects that set every skipped field (and every field the mappers do read)
/// must map to the same records either way.
/// </summary>
public class InventoryJsonTests
{
    private static readonly JsonSerializerOptions Kubernetes = KubernetesOptions();
    private static readonly JsonSerializerOptions Inventory = InventoryJson.Create(Kubernetes);
    private static readonly JsonSerializerOptions RecordJson = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles };

    [Fact]
    public async Task Objects_read_with_the_inventory_options_map_to_the_same_records_as_fully_read_ones()
    {
        var full = new InventoryStore();
        var slim = new InventoryStore();
        // Read as the informers read: streamed, here in 16-byte buffers, so values straddle buffer boundaries.
        var streamed = new JsonSerializerOptions(Inventory) { DefaultBufferSize = 16 };
        foreach (var (type, json) in Fixtures())
        {
            full.Upsert((IKubernetesObject<V1ObjectMeta>)JsonSerializer.Deserialize(json, type, Kubernetes)!);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            slim.Upsert((IKubernetesObject<V1ObjectMeta>)(await JsonSerializer.DeserializeAsync(stream, type, streamed, TestContext.Current.CancellationToken))!);
        }

        var expected = Describe(full);
        Assert.Equal(expected, Describe(slim));
        // The comparison is not vacuous: the fixtures produce the records the skipped fields sit beside.
        Assert.Contains("\"HostPath\":\"/var/run/docker.sock\"", expected);
        Assert.Contains("\"KubeletVersion\":\"v1.31.4-eks-1\"", expected);
        Assert.Contains("\"CpuLimit\":true", expected);
    }

    [Fact]
    public void Every_skipped_field_is_set_in_the_fixtures()
    {
        var instances = new List<object>();
        foreach (var (type, json) in Fixtures())
            Collect(JsonSerializer.Deserialize(json, type, Kubernetes), instances);

        var unset = new List<string>();
        foreach (var (type, names) in InventoryJson.Skipped)
        {
            var info = Kubernetes.GetTypeInfo(type);
            foreach (var name in names)
            {
                var property = info.Properties.SingleOrDefault(p => p.Name == name);
                Assert.True(property is not null, $"{type.Name} has no JSON field \"{name}\": a skipped name that matches nothing");
                if (!instances.Any(i => i.GetType() == type && property!.Get!(i) is not null))
                    unset.Add($"{type.Name}.{name}");
            }
        }

        Assert.Empty(unset);
    }

    [Fact]
    public void Skipped_fields_and_quantities_are_not_built()
    {
        var (_, json) = Fixtures().First(f => f.Type == typeof(V1Pod));

        var pod = JsonSerializer.Deserialize<V1Pod>(json, Inventory)!;

        Assert.Null(pod.Metadata.ManagedFields);
        Assert.Null(pod.Status.Conditions);
        Assert.Null(pod.Spec.Containers[0].Command);
        // Probes and lifecycle handlers are read: Pod Security baseline (v1.34+) forbids their host field.
        Assert.Equal("10.0.0.1", pod.Spec.Containers[0].LivenessProbe.HttpGet.Host);
        Assert.Equal(["cpu", "memory"], pod.Spec.Containers[0].Resources.Limits.Keys.Order());
        Assert.All(pod.Spec.Containers[0].Resources.Limits.Values, Assert.Null);
        Assert.Equal("docker-pullable://registry.example/app@sha256:1111", pod.Status.ContainerStatuses[0].ImageID);
    }

    [Theory]
    [InlineData("{\"cpu\": {\"value\": 1}}")]
    [InlineData("{\"cpu\": [1]}")]
    public void A_quantity_that_is_not_a_scalar_is_an_error(string limits)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<V1ResourceRequirements>($"{{\"limits\": {limits}}}", Inventory));

        Assert.Contains("a resource quantity is a string or a number", error.Message + error.InnerException?.Message);
    }

    [Fact]
    public void The_options_cannot_write()
    {
        var pod = JsonSerializer.Deserialize<V1Pod>(Fixtures().First(f => f.Type == typeof(V1Pod)).Json, Inventory)!;
        pod.Spec.Containers[0].Resources.Limits["cpu"] = new ResourceQuantity("1");

        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(pod, Inventory));
    }

    private static string Describe(InventoryStore store)
    {
        var namespaces = store.ListNamespaces().Select(n => n.Name).ToHashSet();
        var inventory = store.Snapshot(new InventoryScope(namespaces, true, false, false), DateTimeOffset.UnixEpoch, CheckSettings.Default, null);
        return JsonSerializer.Serialize(new
        {
            inventory.Namespaces, inventory.Workloads, inventory.Nodes, inventory.Services, inventory.ServiceAccounts, inventory.Ingresses,
        }, RecordJson);
    }

    private static void Collect(object? value, List<object> into)
    {
        switch (value)
        {
            case null or string:
                return;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values)
                    Collect(item, into);
                return;
            case IEnumerable items:
                foreach (var item in items)
                    Collect(item, into);
                return;
        }

        if (value.GetType().Namespace != typeof(V1Pod).Namespace)
            return;
        into.Add(value);
        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            Collect(property.GetValue(value), into);
    }

    private static JsonSerializerOptions KubernetesOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options!;
    }

    private const string Meta = """
        "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1", "time": "2026-01-01T00:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {}}}],
        "generation": 3, "generateName": "x-", "finalizers": ["example.com/keep"], "selfLink": "/x", "deletionGracePeriodSeconds": 30,
        "creationTimestamp": "2026-01-02T03:04:05Z", "resourceVersion": "42"
        """;

    private const string Container = """
        "command": ["/app"], "args": ["--x"], "workingDir": "/w", "envFrom": [{"secretRef": {"name": "s"}}], "imagePullPolicy": "Always",
        "livenessProbe": {"httpGet": {"path": "/", "port": 80, "host": "10.0.0.1"}}, "readinessProbe": {"tcpSocket": {"port": 80}}, "startupProbe": {"exec": {"command": ["true"]}},
        "lifecycle": {"preStop": {"exec": {"command": ["sleep", "1"]}}}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}], "restartPolicy": "Always",
        "restartPolicyRules": [{"action": "Restart", "exitCodes": {"operator": "In", "values": [42]}}],
        "volumeDevices": [{"name": "dev", "devicePath": "/dev/xvda"}], "stdin": true, "stdinOnce": true, "tty": true,
        "ports": [{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}],
        "resources": {"requests": {"cpu": "250m"}, "limits": {"cpu": "500m", "memory": "128Mi"}},
        "env": [{"name": "A", "value": "1"}, {"name": "B", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
        "volumeMounts": [{"name": "host", "mountPath": "/host", "readOnly": true}],
        "securityContext": {"privileged": true, "allowPrivilegeEscalation": true, "readOnlyRootFilesystem": false, "runAsUser": 0, "runAsNonRoot": false,
          "capabilities": {"add": ["NET_ADMIN"], "drop": ["MKNOD"]}, "seccompProfile": {"type": "Unconfined"}, "appArmorProfile": {"type": "Unconfined"},
          "seLinuxOptions": {"type": "spc_t", "user": "u", "role": "r"}, "procMount": "Unmasked", "windowsOptions": {"hostProcess": false}}
        """;

    private static readonly string PodSpec = $$$"""
        {
          "tolerations": [{"key": "k", "operator": "Exists"}], "affinity": {"nodeAffinity": {}}, "dnsPolicy": "ClusterFirst", "dnsConfig": {"nameservers": ["1.1.1.1"]},
          "restartPolicy": "Always", "schedulerName": "default-scheduler", "terminationGracePeriodSeconds": 30, "activeDeadlineSeconds": 60,
          "priority": 1000, "priorityClassName": "high", "preemptionPolicy": "Never", "enableServiceLinks": false, "readinessGates": [{"conditionType": "x"}],
          "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}], "imagePullSecrets": [{"name": "pull"}],
          "hostname": "h", "subdomain": "s", "hostAliases": [{"ip": "10.0.0.1", "hostnames": ["a"]}], "setHostnameAsFQDN": true,
          "schedulingGates": [{"name": "g"}], "overhead": {"cpu": "10m"}, "resourceClaims": [{"name": "c", "resourceClaimName": "rc"}],
          "hostNetwork": true, "hostPID": true, "hostIPC": false, "serviceAccountName": "app", "automountServiceAccountToken": false,
          "nodeSelector": {"kubernetes.io/os": "linux"}, "os": {"name": "linux"},
          "securityContext": {"runAsUser": 1000, "runAsGroup": 1000, "runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}, "sysctls": [{"name": "net.ipv4.ip_forward", "value": "1"}]},
          "initContainers": [{"name": "init", "image": "busybox:1.36", {{{Container}}}}],
          "containers": [{"name": "app", "image": "registry.example/app:1.0", {{{Container}}}}],
          "ephemeralContainers": [{"name": "debug", "image": "busybox:1.36", "targetContainerName": "app", {{{Container}}}}],
          "volumes": [{"name": "host", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}}, {"name": "cache", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "c"}}],
          "nodeName": "node-1"
        }
        """;

    private const string ContainerStatus = """
        "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}, "lastState": {"terminated": {"exitCode": 1}}, "ready": true, "restartCount": 2,
        "started": true, "containerID": "containerd://abc", "allocatedResources": {"cpu": "250m"}, "allocatedResourcesStatus": [{"name": "cpu", "resources": []}],
        "resources": {"limits": {"cpu": "500m"}}, "volumeMounts": [{"name": "host", "mountPath": "/host"}], "user": {"linux": {"uid": 0, "gid": 0}}, "stopSignal": "SIGTERM"
        """;

    private static readonly string Template = $$$"""{"metadata": {"labels": {"app": "web"}, "annotations": {"container.apparmor.security.beta.kubernetes.io/app": "runtime/default"}}, "spec": {{{PodSpec}}}}""";

    private static readonly string ControllerStatus = """{"replicas": 3, "readyReplicas": 2, "observedGeneration": 3, "conditions": [{"type": "Available", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}""";

    private static IEnumerable<(Type Type, string Json)> Fixtures()
    {
        yield return (typeof(V1Pod), $$$"""
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "standalone", "namespace": "team", "uid": "pod-uid", "labels": {"app": "web"},
               "annotations": {"kubeposture.io/exempt": "pod.privileged", "container.apparmor.security.beta.kubernetes.io/app": "localhost/p"}, {{{Meta}}}},
             "spec": {{{PodSpec}}},
             "status": {"conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}], "phase": "Running", "message": "m", "reason": "r",
               "podIP": "10.0.0.9", "podIPs": [{"ip": "10.0.0.9"}], "hostIP": "10.0.0.1", "hostIPs": [{"ip": "10.0.0.1"}], "qosClass": "Burstable",
               "startTime": "2026-01-01T00:00:00Z", "nominatedNodeName": "n", "resize": "Proposed", "resourceClaimStatuses": [{"name": "c"}], "observedGeneration": 3,
               "initContainerStatuses": [{"name": "init", "image": "busybox:1.36", "imageID": "docker-pullable://busybox@sha256:2222", {{{ContainerStatus}}}}],
               "containerStatuses": [{"name": "app", "image": "registry.example/app:1.0", "imageID": "docker-pullable://registry.example/app@sha256:1111", {{{ContainerStatus}}}}],
               "ephemeralContainerStatuses": [{"name": "debug", "image": "busybox:1.36", "imageID": "docker-pullable://busybox@sha256:2222", {{{ContainerStatus}}}}]}}
            """);
        yield return (typeof(V1Pod), $$$"""
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web-7d9f-abcde", "namespace": "team", "uid": "owned-uid", {{{Meta}}},
               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9f", "uid": "rs-uid", "controller": true}]},
             "spec": {{{PodSpec}}},
             "status": {"phase": "Running", "containerStatuses": [{"name": "app", "image": "registry.example/app:1.0", "imageID": "docker-pullable://registry.example/app@sha256:1111", {{{ContainerStatus}}}}]}}
            """);
        yield return (typeof(V1ReplicaSet), $$$"""
            {"apiVersion": "apps/v1", "kind": "ReplicaSet",
             "metadata": {"name": "web-7d9f", "namespace": "team", "uid": "rs-uid", {{{Meta}}}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "dep-uid", "controller": true}]},
             "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": {{{Template}}}}, "status": {{{ControllerStatus}}}}
            """);
        yield return (typeof(V1Deployment), $$$"""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "team", "uid": "dep-uid", "labels": {"app": "web"}, {{{Meta}}}},
             "spec": {"replicas": 3, "strategy": {"type": "RollingUpdate"}, "selector": {"matchLabels": {"app": "web"}}, "template": {{{Template}}}}, "status": {{{ControllerStatus}}}}
            """);
        yield return (typeof(V1StatefulSet), $$$"""
            {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "team", "uid": "ss-uid", {{{Meta}}}},
             "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "web"}}, "template": {{{Template}}}}, "status": {{{ControllerStatus}}}}
            """);
        yield return (typeof(V1DaemonSet), $$$"""
            {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "kube-system", "uid": "ds-uid", {{{Meta}}}},
             "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {{{Template}}}}, "status": {"currentNumberScheduled": 1, "desiredNumberScheduled": 1, "numberMisscheduled": 0, "numberReady": 1}}
            """);
        yield return (typeof(V1ReplicationController), $$$"""
            {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "legacy", "namespace": "team", "uid": "rc-uid", {{{Meta}}}},
             "spec": {"selector": {"app": "web"}, "template": {{{Template}}}}, "status": {"replicas": 1}}
            """);
        yield return (typeof(V1CronJob), $$$"""
            {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "namespace": "team", "uid": "cj-uid", {{{Meta}}}},
             "spec": {"schedule": "0 0 * * *", "jobTemplate": {"spec": {"template": {{{Template}}} } } }, "status": {"lastScheduleTime": "2026-01-01T00:00:00Z"}}
            """);
        yield return (typeof(V1Job), $$$"""
            {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "once", "namespace": "team", "uid": "job-uid", {{{Meta}}}},
             "spec": {"template": {{{Template}}}}, "status": {"succeeded": 1, "startTime": "2026-01-01T00:00:00Z"}}
            """);
        yield return (typeof(V1Node), $$$"""
            {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1", "uid": "node-uid", "labels": {"eks.amazonaws.com/nodegroup": "ng"}, {{{Meta}}}},
             "spec": {"providerID": "aws:///us-east-1a/i-0123456789abcdef0", "taints": [{"key": "k", "effect": "NoSchedule"}], "podCIDR": "10.1.0.0/24", "podCIDRs": ["10.1.0.0/24"],
               "configSource": {"configMap": {"name": "c", "namespace": "kube-system", "kubeletConfigKey": "k"}}, "externalID": "x"},
             "status": {"images": [{"names": ["registry.example/app:1.0"], "sizeBytes": 1000}], "capacity": {"cpu": "2"}, "allocatable": {"cpu": "1900m"},
               "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}}, "volumesInUse": ["v"], "volumesAttached": [{"name": "v", "devicePath": "/dev/x"}],
               "config": {"active": {}}, "phase": "Running", "features": {"supplementalGroupsPolicy": true}, "runtimeHandlers": [{"name": "runc"}],
               "conditions": [{"type": "Ready", "status": "True"}], "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}, {"type": "ExternalIP", "address": "3.3.3.3"}],
               "nodeInfo": {"kubeletVersion": "v1.31.4-eks-1", "osImage": "Amazon Linux 2023", "containerRuntimeVersion": "containerd://1.7", "kernelVersion": "6.1",
                 "kubeProxyVersion": "v1.31.4", "operatingSystem": "linux", "architecture": "amd64", "bootID": "b", "machineID": "m", "systemUUID": "s"} } }
            """);
        yield return (typeof(V1Service), $$$"""
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "team", "annotations": {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing"}, {{{Meta}}}},
             "spec": {"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 80, "nodePort": 30080}], "loadBalancerSourceRanges": ["0.0.0.0/0"], "loadBalancerClass": "service.k8s.aws/nlb"},
             "status": {"loadBalancer": {"ingress": [{"hostname": "x.elb.amazonaws.com", "ip": "3.3.3.3", "ipMode": "VIP", "ports": [{"port": 80, "protocol": "TCP"}]}]},
               "conditions": [{"type": "x", "status": "True", "reason": "r", "message": "m", "lastTransitionTime": "2024-01-01T00:00:00Z"}] } }
            """);
        yield return (typeof(V1Ingress), $$$"""
            {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "team", "annotations": {"alb.ingress.kubernetes.io/scheme": "internet-facing"}, {{{Meta}}}},
             "spec": {"ingressClassName": "alb", "defaultBackend": {"service": {"name": "web", "port": {"number": 80} } }, "tls": [{"hosts": ["a.example.com"], "secretName": "s"}],
               "rules": [{"host": "a.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"name": "http"} } } }]} }]},
             "status": {"loadBalancer": {"ingress": [{"hostname": "y.elb.amazonaws.com", "ip": "3.3.3.4", "ports": [{"port": 443, "protocol": "TCP"}]}]} } }
            """);
        yield return (typeof(V1Namespace), $$$"""
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}, {{{Meta}}}},
             "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
            """);
    }
}
