using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator;

/// <summary>Shape of a synthetic cluster; the same options always produce the same objects.</summary>
public sealed class SyntheticClusterOptions
{
    public int Namespaces { get; set; } = 10;
    public int Nodes { get; set; } = 6;
    public int DeploymentsPerNamespace { get; set; } = 5;
    public int ReplicasPerDeployment { get; set; } = 3;

    /// <summary>Seed of the pseudo-random choices (images, risky settings, restarts).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>The creationTimestamp of every generated object.</summary>
    public DateTimeOffset CreationTime { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int TotalPods => Namespaces * DeploymentsPerNamespace * ReplicasPerDeployment;

    /// <summary>About <paramref name="pods"/> pods: 50 deployments of 5 replicas per namespace.</summary>
    public static SyntheticClusterOptions ForPodCount(int pods)
    {
        const int perNamespace = 250;
        return new SyntheticClusterOptions
        {
            Namespaces = Math.Max(1, (pods + perNamespace - 1) / perNamespace),
            Nodes = Math.Max(3, pods / 100),
            DeploymentsPerNamespace = Math.Min(50, Math.Max(1, pods / 5)),
            ReplicasPerDeployment = 5,
        };
    }
}

/// <summary>
/// A deterministic synthetic EKS-like cluster for benchmarks and demos: nodes with status, namespaces with
/// ServiceAccounts, Roles/RoleBindings, NetworkPolicies, ConfigMaps, Services, Deployments with their ReplicaSets
/// and Running pods (ownerReferences, imageIDs, restarts), ClusterRoles/Bindings and the aws-auth ConfigMap.
/// A share of workloads carries the risky settings posture checks look for (privileged, hostPath, :latest, no limits).
/// </summary>
public static class SyntheticCluster
{
    private static readonly string[] Images =
    [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.4.2",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:2.0.1",
        "public.ecr.aws/nginx/nginx:1.27",
        "docker.io/library/redis:7.2",
        "ghcr.io/example/worker:latest",
        "quay.io/prometheus/node-exporter:v1.8.1",
    ];

    /// <summary>The objects as YAML: one document per object (each in JSON flow style, which is valid YAML).</summary>
    public static string GenerateYaml(SyntheticClusterOptions o)
    {
        var sb = new StringBuilder();
        foreach (var obj in Generate(o))
        {
            sb.Append("---\n").Append(obj.ToJsonString()).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Generates and seeds directly (much faster than YAML for 50,000 pods); returns how many objects were stored.</summary>
    public static int SeedInto(KubeEmulatorServer server, SyntheticClusterOptions o) =>
        server.SeedObjects(Generate(o).Select(x => JsonNode.Parse(x.ToJsonString())!.AsObject()));

    public static IEnumerable<JsonObject> Generate(SyntheticClusterOptions o)
    {
        var random = new Random(o.Seed);
        var created = o.CreationTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string Uid()
        {
            Span<byte> b = stackalloc byte[16];
            random.NextBytes(b);
            return new Guid(b).ToString();
        }
        string Hex(int length)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = "0123456789abcdef"[random.Next(16)];
            return new string(chars);
        }
        JsonObject Meta(string name, string? ns, JsonObject? labels = null, string? uid = null)
        {
            var m = new JsonObject { ["name"] = name };
            if (ns is not null) m["namespace"] = ns;
            m["uid"] = uid ?? Uid();
            m["creationTimestamp"] = created;
            if (labels is not null) m["labels"] = labels;
            return m;
        }

        var nodeNames = new List<string>();
        for (var n = 0; n < o.Nodes; n++)
        {
            var name = $"ip-10-0-{n / 250}-{n % 250 + 1}.ec2.internal";
            nodeNames.Add(name);
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = Meta(name, null, new JsonObject
                {
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["node.kubernetes.io/instance-type"] = "m6i.large",
                    ["topology.kubernetes.io/zone"] = $"us-east-1{(char)('a' + n % 3)}",
                    ["eks.amazonaws.com/nodegroup"] = "default",
                }),
                ["spec"] = new JsonObject { ["providerID"] = $"aws:///us-east-1{(char)('a' + n % 3)}/i-{Hex(17)}" },
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["lastTransitionTime"] = created }),
                    ["nodeInfo"] = new JsonObject
                    {
                        ["kubeletVersion"] = n % 7 == 0 ? "v1.30.4-eks-a737599" : "v1.32.1-eks-5d632ec",
                        ["osImage"] = "Amazon Linux 2023.6.20250115",
                        ["containerRuntimeVersion"] = "containerd://1.7.25",
                        ["kernelVersion"] = "6.1.124-134.200.amzn2023.x86_64",
                        ["architecture"] = "amd64",
                        ["operatingSystem"] = "linux",
                    },
                    ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.0.{n / 250}.{n % 250 + 1}" }),
                },
            };
        }

        yield return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = Meta("aws-auth", "kube-system"),
            ["data"] = new JsonObject
            {
                ["mapRoles"] = "- rolearn: arn:aws:iam::123456789012:role/eks-node-role\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n  - system:bootstrappers\n  - system:nodes\n- rolearn: arn:aws:iam::123456789012:role/admin\n  username: admin\n  groups:\n  - system:masters\n",
                ["mapUsers"] = "- userarn: arn:aws:iam::123456789012:user/ops\n  username: ops\n  groups:\n  - system:masters\n",
            },
        };
        yield return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = Meta("synthetic-secret-reader", null),
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray("secrets"), ["verbs"] = new JsonArray("get", "list", "watch") }),
        };

        for (var i = 0; i < o.Namespaces; i++)
        {
            var ns = $"team-{i:D3}";
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = Meta(ns, null, new JsonObject
                {
                    ["kubernetes.io/metadata.name"] = ns,
                    ["team"] = $"team-{i % 12}",
                    ["pod-security.kubernetes.io/enforce"] = (i % 3) switch { 0 => "restricted", 1 => "baseline", _ => "privileged" },
                }),
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            yield return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = Meta("app", ns) };
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = Meta("app-config", ns),
                ["data"] = new JsonObject { ["LOG_LEVEL"] = "info", ["FEATURE_FLAGS"] = "a,b,c" },
            };
            yield return new JsonObject
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                ["kind"] = "Role",
                ["metadata"] = Meta("app", ns),
                ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray("configmaps"), ["verbs"] = new JsonArray("get", "list", "watch") }),
            };
            yield return new JsonObject
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                ["kind"] = "RoleBinding",
                ["metadata"] = Meta("app", ns),
                ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "app" },
                ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "app", ["namespace"] = ns }),
            };
            if (i % 4 == 0)
            {
                yield return new JsonObject
                {
                    ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                    ["kind"] = "ClusterRoleBinding",
                    ["metadata"] = Meta($"{ns}-secret-reader", null),
                    ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "synthetic-secret-reader" },
                    ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "app", ["namespace"] = ns }),
                };
            }
            if (i % 2 == 0)
            {
                yield return new JsonObject
                {
                    ["apiVersion"] = "networking.k8s.io/v1",
                    ["kind"] = "NetworkPolicy",
                    ["metadata"] = Meta("default-deny", ns),
                    ["spec"] = new JsonObject { ["podSelector"] = new JsonObject(), ["policyTypes"] = new JsonArray("Ingress", "Egress") },
                };
            }

            for (var d = 0; d < o.DeploymentsPerNamespace; d++)
            {
                var app = $"app-{d:D2}";
                var image = Images[random.Next(Images.Length)];
                var privileged = random.Next(20) == 0;
                var hostPath = random.Next(25) == 0;
                var limits = random.Next(4) != 0;
                var labels = () => new JsonObject { ["app"] = app, ["tier"] = d % 3 == 0 ? "frontend" : "backend" };
                var deploymentUid = Uid();
                var rsUid = Uid();
                var hash = Hex(10);
                JsonObject PodSpec()
                {
                    var container = new JsonObject
                    {
                        ["name"] = "main",
                        ["image"] = image,
                        ["imagePullPolicy"] = image.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent",
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                        ["env"] = new JsonArray(new JsonObject { ["name"] = "LOG_LEVEL", ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "app-config", ["key"] = "LOG_LEVEL" } } }),
                        ["resources"] = limits
                            ? new JsonObject
                            {
                                ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" },
                                ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" },
                            }
                            : new JsonObject(),
                        ["securityContext"] = privileged
                            ? new JsonObject { ["privileged"] = true }
                            : new JsonObject
                            {
                                ["allowPrivilegeEscalation"] = false,
                                ["runAsNonRoot"] = true,
                                ["readOnlyRootFilesystem"] = true,
                                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                            },
                        ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" }),
                        ["terminationMessagePath"] = "/dev/termination-log",
                        ["terminationMessagePolicy"] = "File",
                    };
                    var volumes = new JsonArray(new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() });
                    if (hostPath) volumes.Add(new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/var/run", ["type"] = "Directory" } });
                    return new JsonObject
                    {
                        ["serviceAccountName"] = "app",
                        ["containers"] = new JsonArray(container),
                        ["volumes"] = volumes,
                        ["restartPolicy"] = "Always",
                        ["dnsPolicy"] = "ClusterFirst",
                        ["schedulerName"] = "default-scheduler",
                        ["terminationGracePeriodSeconds"] = 30,
                        ["securityContext"] = new JsonObject { ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
                    };
                }
                var selector = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } };
                yield return new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["metadata"] = Meta(app, ns, labels(), deploymentUid),
                    ["spec"] = new JsonObject
                    {
                        ["replicas"] = o.ReplicasPerDeployment,
                        ["selector"] = selector.DeepClone(),
                        ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels() }, ["spec"] = PodSpec() },
                    },
                    ["status"] = new JsonObject
                    {
                        ["observedGeneration"] = 1,
                        ["replicas"] = o.ReplicasPerDeployment,
                        ["readyReplicas"] = o.ReplicasPerDeployment,
                        ["updatedReplicas"] = o.ReplicasPerDeployment,
                        ["availableReplicas"] = o.ReplicasPerDeployment,
                    },
                };
                var rsName = $"{app}-{hash}";
                yield return new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "ReplicaSet",
                    ["metadata"] = Owned(Meta(rsName, ns, labels(), rsUid), "apps/v1", "Deployment", app, deploymentUid),
                    ["spec"] = new JsonObject
                    {
                        ["replicas"] = o.ReplicasPerDeployment,
                        ["selector"] = selector.DeepClone(),
                        ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels() }, ["spec"] = PodSpec() },
                    },
                    ["status"] = new JsonObject { ["replicas"] = o.ReplicasPerDeployment, ["readyReplicas"] = o.ReplicasPerDeployment },
                };
                yield return new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Service",
                    ["metadata"] = Meta(app, ns, labels()),
                    ["spec"] = new JsonObject
                    {
                        ["type"] = d % 10 == 9 ? "LoadBalancer" : "ClusterIP",
                        ["clusterIP"] = $"172.20.{i % 250}.{d % 250 + 1}",
                        ["selector"] = new JsonObject { ["app"] = app },
                        ["ports"] = new JsonArray(new JsonObject { ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
                    },
                };
                var digest = "sha256:" + Hex(64);
                for (var r = 0; r < o.ReplicasPerDeployment; r++)
                {
                    var node = nodeNames.Count > 0 ? nodeNames[random.Next(nodeNames.Count)] : "";
                    var podName = $"{rsName}-{Hex(5)}";
                    var spec = PodSpec();
                    if (node.Length > 0) spec["nodeName"] = node;
                    yield return new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Pod",
                        ["metadata"] = Owned(Meta(podName, ns, labels()), "apps/v1", "ReplicaSet", rsName, rsUid),
                        ["spec"] = spec,
                        ["status"] = new JsonObject
                        {
                            ["phase"] = "Running",
                            ["qosClass"] = limits ? "Burstable" : "BestEffort",
                            ["podIP"] = $"10.1.{random.Next(250)}.{random.Next(1, 250)}",
                            ["hostIP"] = node.Length > 0 ? "10.0.0.1" : null,
                            ["startTime"] = created,
                            ["conditions"] = new JsonArray(
                                new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = created },
                                new JsonObject { ["type"] = "ContainersReady", ["status"] = "True", ["lastTransitionTime"] = created }),
                            ["containerStatuses"] = new JsonArray(new JsonObject
                            {
                                ["name"] = "main",
                                ["image"] = image,
                                ["imageID"] = image.Split(':')[0] + "@" + digest,
                                ["ready"] = true,
                                ["started"] = true,
                                ["restartCount"] = random.Next(10) == 0 ? random.Next(1, 30) : 0,
                                ["containerID"] = "containerd://" + Hex(64),
                                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = created } },
                            }),
                        },
                    };
                }
            }
        }
    }

    private static JsonObject Owned(JsonObject meta, string apiVersion, string kind, string name, string uid)
    {
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = name,
            ["uid"] = uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        return meta;
    }
}
