using k8s;
using k8s.Models;

namespace KubePosture.Inventory.Tests;

/// <summary>Test objects written as the YAML users and the API server write them.</summary>
internal static class Objects
{
    public static T Yaml<T>(string yaml) where T : IKubernetesObject<V1ObjectMeta> => KubernetesYaml.Deserialize<T>(yaml, strict: true);

    public static V1Deployment Deployment(string ns, string name, string uid = "dep-uid") => Yaml<V1Deployment>($$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{name}}, namespace: {{ns}}, uid: {{uid}}, labels: {app: {{name}} }, annotations: {kubeposture.io/exempt: pod.privileged, other: dropped} }
        spec:
          selector: {matchLabels: {app: {{name}} } }
          template:
            metadata:
              labels: {app: {{name}}, tier: web}
              annotations:
                container.apparmor.security.beta.kubernetes.io/web: unconfined
            spec:
              serviceAccountName: web-sa
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault }, sysctls: [{name: net.ipv4.ip_forward, value: "1"}] }
              initContainers:
              - name: init
                image: busybox:1.36
                securityContext: {privileged: true}
              containers:
              - name: web
                image: nginx:1.27
                ports: [{containerPort: 80, hostPort: 8080}]
                resources: {limits: {memory: 128Mi} }
                env:
                - {name: DB_PASSWORD, value: hunter2}
                - {name: API_TOKEN, valueFrom: {secretKeyRef: {name: s, key: k} } }
                - {name: EMPTY, value: ""}
                envFrom: [{secretRef: {name: app-env} }, {configMapRef: {name: settings} }]
                volumeMounts: [{name: host, mountPath: /host, readOnly: true}]
              volumes:
              - {name: host, hostPath: {path: /var/run/docker.sock, type: Socket} }
              - {name: cache, emptyDir: {} }
        """);

    public static V1ReplicaSet ReplicaSet(string ns, string name, string owner, string ownerUid = "dep-uid", string uid = "rs-uid") => Yaml<V1ReplicaSet>($$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {{name}}
          namespace: {{ns}}
          uid: {{uid}}
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: {{owner}}, uid: {{ownerUid}}, controller: true}]
        spec:
          selector: {matchLabels: {app: {{owner}} } }
          template:
            metadata: {labels: {app: {{owner}} } }
            spec: {containers: [{name: web, image: nginx:1.27}] }
        """);

    public static V1Pod OwnedPod(string ns, string name, string ownerKind, string ownerApiVersion, string owner, string ownerUid, string node, string imageId) => Yaml<V1Pod>($$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels: {app: x}
          ownerReferences: [{apiVersion: {{ownerApiVersion}}, kind: {{ownerKind}}, name: {{owner}}, uid: {{ownerUid}}, controller: true}]
        spec:
          nodeName: {{node}}
          containers: [{name: web, image: nginx:1.27}]
        status:
          containerStatuses: [{name: web, image: nginx:1.27, imageID: "{{imageId}}", ready: true, restartCount: 0}]
        """);

    public static V1Namespace Namespace(string name, string labels = "{}") => Yaml<V1Namespace>($$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{name}}, labels: {{labels}} }
        """);
}
