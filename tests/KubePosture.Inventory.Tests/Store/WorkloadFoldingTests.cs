using k8s.Models;
using KubePosture.Checks.Inventory;
using static KubePosture.Inventory.Tests.Objects;

namespace KubePosture.Inventory.Tests.Store;

public class WorkloadFoldingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    internal static InventoryScope ClusterScope(params string[] namespaces) => new(new HashSet<string>(namespaces), true, false, true);

    internal static ClusterInventory Snap(InventoryStore store, InventoryScope scope) => store.Snapshot(scope, Now, CheckSettings.Default, "v1.31.2");

    [Fact]
    public void Pods_of_a_deployment_fold_into_one_workload_through_their_replicaset()
    {
        var store = new InventoryStore();
        store.Upsert(Deployment("shop", "web"));
        store.Upsert(ReplicaSet("shop", "web-5d9", "web"));
        for (var i = 0; i < 3; i++)
            store.Upsert(OwnedPod("shop", $"web-5d9-{i}", "ReplicaSet", "apps/v1", "web-5d9", "rs-uid", $"node-{i % 2}", "docker.io/library/nginx@sha256:" + new string('a', 64)));

        var inventory = Snap(store, ClusterScope("shop"));

        var workload = Assert.Single(inventory.Workloads);
        Assert.Equal("Deployment", workload.Ref.Kind);
        Assert.Equal("apps/v1", workload.Ref.ApiVersion);
        Assert.Equal("web", workload.Ref.Name);
        Assert.Equal(3, workload.PodCount);
        Assert.Equal(["node-0", "node-1"], workload.NodeNames);
        var running = Assert.Single(workload.Running);
        Assert.Equal("docker.io/library/nginx@sha256:" + new string('a', 64), running.ImageId);
        Assert.Equal("web-sa", workload.Spec.ServiceAccountName);
        Assert.Equal("web", workload.PodLabels["app"]);
        Assert.Equal("web", workload.PodLabels["app"]);
        Assert.Equal(new Dictionary<string, string> { ["kubeposture.io/exempt"] = "pod.privileged" }, workload.Annotations);
    }

    [Fact]
    public void Pod_template_maps_init_containers_security_contexts_env_and_volumes()
    {
        var store = new InventoryStore();
        store.Upsert(Deployment("shop", "web"));

        var spec = Assert.Single(Snap(store, ClusterScope("shop")).Workloads).Spec;

        Assert.Equal([("init", ContainerKind.Init), ("web", ContainerKind.Container)], spec.Containers.Select(c => (c.Name, c.Kind)));
        Assert.True(spec.Containers[0].SecurityContext.Privileged);
        var web = spec.Containers[1];
        Assert.Equal("Unconfined", web.SecurityContext.AppArmorProfileType);
        Assert.Null(spec.Containers[0].SecurityContext.AppArmorProfileType);
        Assert.True(spec.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", spec.SecurityContext.SeccompProfileType);
        Assert.Equal(["net.ipv4.ip_forward"], spec.SecurityContext.Sysctls);
        Assert.Equal(new ContainerPortRecord(80, 8080, "TCP"), Assert.Single(web.Ports));
        // A memory limit alone defaults the memory request (API server defaulting); no CPU is set at all.
        Assert.Equal(new ResourcesRecord(false, true, false, true), web.Resources);
        Assert.Equal(
            [new EnvVarRecord("DB_PASSWORD", true), new EnvVarRecord("API_TOKEN", false, "s"), new EnvVarRecord("EMPTY", false)],
            web.Env);
        Assert.Equal(["app-env"], web.EnvFromSecrets);
        Assert.Empty(spec.Containers[0].EnvFromSecrets);
        Assert.Equal(new VolumeMountRecord("host", "/host", true), Assert.Single(web.VolumeMounts));
        Assert.Equal([new VolumeRecord("host", "hostPath", "/var/run/docker.sock", "Socket"), new VolumeRecord("cache", "emptyDir", null, null)], spec.Volumes);
    }

    [Fact]
    public void Literal_env_values_are_never_kept()
    {
        var store = new InventoryStore();
        store.Upsert(Deployment("shop", "web"));
        _ = Snap(store, ClusterScope("shop"));

        Assert.True(store.Strings.Contains("nginx:1.27"));
        Assert.False(store.Strings.Contains("hunter2"));
    }

    [Fact]
    public void Cronjob_pods_fold_through_their_job_and_the_cronjob_uses_its_job_template()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1CronJob>("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup, namespace: ops, uid: cj-uid}
            spec:
              schedule: "0 1 * * *"
              jobTemplate:
                spec:
                  template:
                    metadata: {labels: {job: backup}}
                    spec:
                      hostPID: true
                      restartPolicy: OnFailure
                      containers: [{name: dump, image: "postgres:16"}]
            """));
        store.Upsert(Yaml<V1Job>("""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: backup-29001
              namespace: ops
              uid: job-uid
              ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: backup, uid: cj-uid, controller: true}]
            spec:
              template:
                spec: {restartPolicy: OnFailure, containers: [{name: dump, image: "postgres:16"}]}
            """));
        store.Upsert(OwnedPod("ops", "backup-29001-x", "Job", "batch/v1", "backup-29001", "job-uid", "node-a", "sha"));

        var workload = Assert.Single(Snap(store, ClusterScope("ops")).Workloads);

        Assert.Equal(("batch/v1", "CronJob", "backup"), (workload.Ref.ApiVersion, workload.Ref.Kind, workload.Ref.Name));
        Assert.True(workload.Spec.HostPid);
        Assert.Equal("postgres:16", Assert.Single(workload.Spec.Containers).Image);
        Assert.Equal("backup", workload.PodLabels["job"]);
        Assert.Equal(1, workload.PodCount);
    }

    [Fact]
    public void Ephemeral_containers_of_owned_pods_are_appended_to_the_owner_and_every_status_list_counts()
    {
        var store = new InventoryStore();
        store.Upsert(Deployment("shop", "web"));
        store.Upsert(ReplicaSet("shop", "web-5d9", "web"));
        store.Upsert(Yaml<V1Pod>("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-5d9-a
              namespace: shop
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9, uid: rs-uid, controller: true}]
            spec:
              nodeName: n1
              initContainers: [{name: init, image: busybox:1.36}]
              containers: [{name: web, image: nginx:1.27}]
              ephemeralContainers: [{name: debugger, image: "busybox:latest", securityContext: {privileged: true}}]
            status:
              initContainerStatuses: [{name: init, image: "docker.io/library/busybox:1.36", imageID: "docker.io/library/busybox@sha256:1111", ready: false, restartCount: 0}]
              containerStatuses: [{name: web, image: "docker.io/library/nginx:1.27", imageID: "docker.io/library/nginx@sha256:2222", ready: true, restartCount: 0}]
              ephemeralContainerStatuses: [{name: debugger, image: "docker.io/library/busybox:latest", imageID: "", ready: false, restartCount: 0}]
            """));

        var workload = Assert.Single(Snap(store, ClusterScope("shop")).Workloads);

        var debugger = Assert.Single(workload.Spec.Containers, c => c.Kind == ContainerKind.Ephemeral);
        Assert.Equal("debugger", debugger.Name);
        Assert.True(debugger.SecurityContext.Privileged);
        Assert.Equal(
            [("init", "docker.io/library/busybox@sha256:1111"), ("web", "docker.io/library/nginx@sha256:2222"), ("debugger", null)],
            workload.Running.Select(r => (r.ContainerName, r.ImageId)));
    }

    [Fact]
    public void A_bare_pod_is_its_own_workload_with_all_three_container_kinds()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1Pod>("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
              annotations:
                container.apparmor.security.beta.kubernetes.io/main: localhost/my-profile
                container.apparmor.security.beta.kubernetes.io/side: runtime/default
            spec:
              serviceAccount: legacy-sa
              initContainers: [{name: init, image: busybox}]
              containers:
              - {name: main, image: alpine}
              - {name: side, image: alpine, securityContext: {appArmorProfile: {type: Unconfined}}}
              ephemeralContainers: [{name: dbg, image: busybox}]
            """));

        var workload = Assert.Single(Snap(store, ClusterScope("default")).Workloads);

        Assert.Equal(("v1", "Pod", "default", "debug"), (workload.Ref.ApiVersion, workload.Ref.Kind, workload.Ref.Namespace, workload.Ref.Name));
        Assert.Equal([ContainerKind.Init, ContainerKind.Container, ContainerKind.Container, ContainerKind.Ephemeral], workload.Spec.Containers.Select(c => c.Kind));
        Assert.Equal("Localhost", workload.Spec.Containers[1].SecurityContext.AppArmorProfileType);
        // The field wins over the legacy annotation.
        Assert.Equal("Unconfined", workload.Spec.Containers[2].SecurityContext.AppArmorProfileType);
        Assert.Equal("legacy-sa", workload.Spec.ServiceAccountName);
        Assert.Equal(1, workload.PodCount);
    }

    [Fact]
    public void A_slim_pod_whose_owner_is_absent_is_skipped_unless_the_store_retains_owned_pod_specs()
    {
        var pod = OwnedPod("shop", "web-5d9-a", "ReplicaSet", "apps/v1", "web-5d9", "rs-uid", "n1", "id");
        var slim = new InventoryStore();
        slim.Upsert(pod);
        var retaining = new InventoryStore(retainOwnedPodSpecs: true);
        retaining.Upsert(pod);

        Assert.Empty(Snap(slim, ClusterScope("shop")).Workloads);
        var workload = Assert.Single(Snap(retaining, ClusterScope("shop")).Workloads);
        Assert.Equal("Pod", workload.Ref.Kind);
        Assert.Equal("nginx:1.27", Assert.Single(workload.Spec.Containers).Image);
    }

    [Fact]
    public void Owned_replicasets_and_jobs_keep_no_template_unless_the_store_retains_owned_specs()
    {
        var replicaSet = ReplicaSet("shop", "web-5d9", "web");
        var slim = new InventoryStore();
        slim.Upsert(Deployment("shop", "web"));
        slim.Upsert(replicaSet);
        var retaining = new InventoryStore(retainOwnedPodSpecs: true);
        retaining.Upsert(replicaSet);

        // Folded into the Deployment, whose template is the one assessed; without it the ReplicaSet has none to report.
        Assert.Equal(["Deployment/web"], Snap(slim, ClusterScope("shop")).Workloads.Select(w => $"{w.Ref.Kind}/{w.Ref.Name}"));
        slim.Delete(Deployment("shop", "web"));
        Assert.Empty(Snap(slim, ClusterScope("shop")).Workloads);
        // A manifest dump without the Deployment (offline scan): the ReplicaSet is assessed with its own template.
        var alone = Assert.Single(Snap(retaining, ClusterScope("shop")).Workloads);
        Assert.Equal("ReplicaSet", alone.Ref.Kind);
        Assert.Equal("nginx:1.27", Assert.Single(alone.Spec.Containers).Image);
    }

    [Fact]
    public void An_owner_with_a_different_uid_is_not_the_owner()
    {
        var store = new InventoryStore(retainOwnedPodSpecs: true);
        store.Upsert(Deployment("shop", "web", uid: "new-uid"));
        store.Upsert(ReplicaSet("shop", "web-5d9", "web", ownerUid: "old-uid"));

        var workloads = Snap(store, ClusterScope("shop")).Workloads;

        Assert.Equal(["Deployment/web", "ReplicaSet/web-5d9"], workloads.Select(w => $"{w.Ref.Kind}/{w.Ref.Name}"));
    }

    [Fact]
    public void A_pod_owned_by_an_untracked_kind_keeps_its_spec_and_stands_alone()
    {
        var store = new InventoryStore();
        store.Upsert(OwnedPod("kube-system", "kube-proxy-node1", "Node", "v1", "node1", "node-uid", "node1", "id"));

        var workload = Assert.Single(Snap(store, ClusterScope("kube-system")).Workloads);
        Assert.Equal("kube-proxy-node1", workload.Ref.Name);
        Assert.Single(workload.Spec.Containers);
    }
}
