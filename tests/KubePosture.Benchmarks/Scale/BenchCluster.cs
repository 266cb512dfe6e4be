using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KubePosture.Benchmarks.Scale;

/// <summary>
/// The shape of the issue-8 synthetic cluster at a pod count: 1 node and 1 namespace per 25 pods; per namespace 4
/// Deployments of 5 replicas (with their ReplicaSets and Services), 1 StatefulSet of 3 and 1 Job (owned by a CronJob in
/// every other namespace) with 1 pod; 1 DaemonSet pod per node in kube-system; Roles and RoleBindings at 1 per 10 pods
/// each (5,000 at 50,000 pods); NetworkPolicies; 1 distinct ECR image per 15 pods.
/// </summary>
public sealed record BenchClusterShape(int Pods)
{
    public const int PodsPerNamespace = 25;
    public const int PodsPerImage = 15;
    public const int PodsPerRole = 10;
    public const int DeploymentsPerNamespace = 4;
    public const int ReplicasPerDeployment = 5;
    public const int StatefulSetReplicas = 3;

    public const string Account = "123456789012";
    public const string Region = "us-east-1";
    public const string Registry = Account + ".dkr.ecr." + Region + ".amazonaws.com";

    public int Namespaces => Math.Max(1, Pods / PodsPerNamespace);

    public int Nodes => Namespaces;

    public int Images => Math.Max(1, Pods / PodsPerImage);

    public int Roles => Math.Max(1, Pods / PodsPerRole);

    /// <summary>Pods actually generated: 24 per namespace plus one DaemonSet pod per node.</summary>
    public int GeneratedPods => Namespaces * (DeploymentsPerNamespace * ReplicasPerDeployment + StatefulSetReplicas + 1) + Nodes;

    /// <summary>ECR repository and tag of image <paramref name="i"/> (3 tags per repository).</summary>
    public static (string Repository, string Tag) ImageName(int i) => ($"bench/svc-{i / 3:D5}", $"v1.{i % 3}.0");

    public static string ImageDigest(int i) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"bench-image-{i}")));
}

/// <summary>Deterministic generator of the benchmark cluster's objects, streamed in dependency order (namespaces first).</summary>
public static class BenchCluster
{
    private static readonly string Created = "2026-01-01T00:00:00Z";

    public static IEnumerable<JsonObject> Generate(BenchClusterShape shape)
    {
        var random = new Random(8);
        var nodeNames = new string[shape.Nodes];
        for (var n = 0; n < shape.Nodes; n++)
        {
            var name = nodeNames[n] = $"ip-10-{n / 62500}-{n / 250 % 250}-{n % 250 + 1}.ec2.internal";
            var zone = $"{BenchClusterShape.Region}{(char)('a' + n % 3)}";
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = Meta(name, null, Uid(random), new JsonObject
                {
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["node.kubernetes.io/instance-type"] = "m6i.2xlarge",
                    ["topology.kubernetes.io/zone"] = zone,
                    ["eks.amazonaws.com/nodegroup"] = $"ng-{n % 4}",
                }),
                ["spec"] = new JsonObject { ["providerID"] = $"aws:///{zone}/i-{Hex(random, 17)}" },
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["lastTransitionTime"] = Created }),
                    ["nodeInfo"] = new JsonObject
                    {
                        ["kubeletVersion"] = n % 9 == 0 ? "v1.30.4-eks-a737599" : "v1.32.1-eks-5d632ec",
                        ["osImage"] = "Amazon Linux 2023.6.20250115",
                        ["containerRuntimeVersion"] = "containerd://1.7.25",
                        ["kernelVersion"] = "6.1.124-134.200.amzn2023.x86_64",
                        ["architecture"] = "amd64",
                        ["operatingSystem"] = "linux",
                    },
                    ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.{n / 62500}.{n / 250 % 250}.{n % 250 + 1}" }),
                },
            };
        }

        yield return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = Meta("aws-auth", "kube-system", Uid(random)),
            ["data"] = new JsonObject
            {
                ["mapRoles"] = $"- rolearn: arn:aws:iam::{BenchClusterShape.Account}:role/eks-node-role\n  username: system:node:{{{{EC2PrivateDNSName}}}}\n  groups:\n  - system:bootstrappers\n  - system:nodes\n- rolearn: arn:aws:iam::{BenchClusterShape.Account}:role/admin\n  username: admin\n  groups:\n  - system:masters\n",
            },
        };

        // Cluster RBAC: a handful of ClusterRoles, an aggregated one, and bindings to them.
        yield return ClusterRole("bench-secret-reader", Rule("", "secrets", "get", "list", "watch"), new JsonObject { ["bench/aggregate"] = "true" });
        yield return ClusterRole("bench-pod-exec", Rule("", "pods/exec", "create"), new JsonObject { ["bench/aggregate"] = "true" });
        yield return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = Meta("bench-aggregate", null, Uid(random)),
            ["aggregationRule"] = new JsonObject { ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { ["bench/aggregate"] = "true" } }) },
            ["rules"] = new JsonArray(),
        };
        for (var c = 0; c < 20; c++)
        {
            yield return ClusterRole($"bench-operator-{c:D2}", Rule(c % 2 == 0 ? "apps" : "", c % 2 == 0 ? "deployments" : "configmaps", "get", "list", "watch", "update"), null);
            yield return Binding("ClusterRoleBinding", $"bench-operator-{c:D2}", null, "ClusterRole", $"bench-operator-{c:D2}",
                ServiceAccount("operator", $"team-{c * 7 % shape.Namespaces:D5}"));
        }

        // kube-system DaemonSet: one pod per node.
        var dsImage = ImageOf(0, shape);
        var dsUid = Uid(random);
        yield return Workload("apps/v1", "DaemonSet", "aws-node", "kube-system", dsUid, new JsonObject { ["app"] = "aws-node" },
            PodSpec(dsImage, privileged: true, hostPath: true, limits: true, "aws-node"), replicas: null);
        for (var n = 0; n < shape.Nodes; n++)
        {
            yield return Pod($"aws-node-{Hex(random, 5)}", "kube-system", new JsonObject { ["app"] = "aws-node" }, "DaemonSet", "aws-node", dsUid,
                PodSpec(dsImage, privileged: true, hostPath: true, limits: true, "aws-node"), nodeNames[n], dsImage, random, "Running");
        }

        var workloadIndex = 1;
        var rolesLeft = shape.Roles;
        for (var i = 0; i < shape.Namespaces; i++)
        {
            var ns = $"team-{i:D5}";
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = Meta(ns, null, Uid(random), new JsonObject
                {
                    ["kubernetes.io/metadata.name"] = ns,
                    ["team"] = $"team-{i % 40}",
                    ["pod-security.kubernetes.io/enforce"] = (i % 3) switch { 0 => "restricted", 1 => "baseline", _ => "privileged" },
                }),
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            yield return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = Meta("app", ns, Uid(random)) };
            yield return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = Meta("operator", ns, Uid(random)) };

            // Roles and RoleBindings: shape.Roles of each spread over the namespaces.
            var roles = rolesLeft / (shape.Namespaces - i);
            rolesLeft -= roles;
            for (var r = 0; r < roles; r++)
            {
                var roleName = $"role-{r}";
                yield return new JsonObject
                {
                    ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                    ["kind"] = "Role",
                    ["metadata"] = Meta(roleName, ns, Uid(random)),
                    ["rules"] = (r % 3) switch
                    {
                        0 => new JsonArray(Rule("", "configmaps", "get", "list", "watch")),
                        1 => new JsonArray(Rule("", "secrets", "get", "list"), Rule("apps", "deployments", "get", "patch")),
                        _ => new JsonArray(Rule("", "pods", "get", "list", "watch"), Rule("", "pods/log", "get")),
                    },
                };
                yield return Binding("RoleBinding", roleName, ns, "Role", roleName, ServiceAccount(r % 2 == 0 ? "app" : "operator", ns));
            }

            yield return new JsonObject
            {
                ["apiVersion"] = "networking.k8s.io/v1",
                ["kind"] = "NetworkPolicy",
                ["metadata"] = Meta("default-deny", ns, Uid(random)),
                ["spec"] = new JsonObject { ["podSelector"] = new JsonObject(), ["policyTypes"] = new JsonArray("Ingress", "Egress") },
            };
            if (i % 3 != 2)
            {
                yield return new JsonObject
                {
                    ["apiVersion"] = "networking.k8s.io/v1",
                    ["kind"] = "NetworkPolicy",
                    ["metadata"] = Meta("allow-frontend", ns, Uid(random)),
                    ["spec"] = new JsonObject
                    {
                        ["podSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["tier"] = "frontend" } },
                        ["policyTypes"] = new JsonArray("Ingress"),
                        ["ingress"] = new JsonArray(new JsonObject
                        {
                            ["from"] = new JsonArray(new JsonObject { ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = "ingress-nginx" } } }),
                            ["ports"] = new JsonArray(new JsonObject { ["port"] = 8080, ["protocol"] = "TCP" }),
                        }),
                    },
                };
            }

            for (var d = 0; d < BenchClusterShape.DeploymentsPerNamespace; d++)
            {
                var app = $"app-{d}";
                var image = ImageOf(workloadIndex++, shape);
                var labels = new JsonObject { ["app"] = app, ["tier"] = d == 0 ? "frontend" : "backend" };
                var spec = PodSpec(image, privileged: random.Next(20) == 0, hostPath: random.Next(25) == 0, limits: random.Next(4) != 0, "app");
                var deploymentUid = Uid(random);
                var rsUid = Uid(random);
                var rsName = $"{app}-{Hex(random, 10)}";
                yield return Workload("apps/v1", "Deployment", app, ns, deploymentUid, labels, spec, BenchClusterShape.ReplicasPerDeployment);
                var rs = Workload("apps/v1", "ReplicaSet", rsName, ns, rsUid, labels, spec, BenchClusterShape.ReplicasPerDeployment);
                Owned((JsonObject)rs["metadata"]!, "apps/v1", "Deployment", app, deploymentUid);
                yield return rs;
                yield return new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Service",
                    ["metadata"] = Meta(app, ns, Uid(random), (JsonObject)labels.DeepClone()),
                    ["spec"] = new JsonObject
                    {
                        ["type"] = d == 0 && i % 10 == 0 ? "LoadBalancer" : "ClusterIP",
                        ["clusterIP"] = $"172.{20 + i / 62500}.{i / 250 % 250}.{i % 250 * 4 + d % 4 + 1}",
                        ["selector"] = new JsonObject { ["app"] = app },
                        ["ports"] = new JsonArray(new JsonObject { ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
                    },
                };
                for (var r = 0; r < BenchClusterShape.ReplicasPerDeployment; r++)
                {
                    yield return Pod($"{rsName}-{Hex(random, 5)}", ns, labels, "ReplicaSet", rsName, rsUid, spec, nodeNames[random.Next(nodeNames.Length)], image, random, "Running");
                }
            }

            {
                var image = ImageOf(workloadIndex++, shape);
                var labels = new JsonObject { ["app"] = "db", ["tier"] = "data" };
                var spec = PodSpec(image, privileged: false, hostPath: false, limits: true, "app");
                var stsUid = Uid(random);
                yield return Workload("apps/v1", "StatefulSet", "db", ns, stsUid, labels, spec, BenchClusterShape.StatefulSetReplicas);
                for (var r = 0; r < BenchClusterShape.StatefulSetReplicas; r++)
                {
                    yield return Pod($"db-{r}", ns, labels, "StatefulSet", "db", stsUid, spec, nodeNames[random.Next(nodeNames.Length)], image, random, "Running");
                }
            }

            {
                var image = ImageOf(workloadIndex++, shape);
                var labels = new JsonObject { ["app"] = "report" };
                var spec = PodSpec(image, privileged: false, hostPath: false, limits: random.Next(2) == 0, "app", restartPolicy: "Never");
                var jobUid = Uid(random);
                var jobName = i % 2 == 0 ? "report-29500000" : "migrate";
                var job = Workload("batch/v1", "Job", jobName, ns, jobUid, labels, spec, replicas: null);
                if (i % 2 == 0)
                {
                    var cronUid = Uid(random);
                    yield return new JsonObject
                    {
                        ["apiVersion"] = "batch/v1",
                        ["kind"] = "CronJob",
                        ["metadata"] = Meta("report", ns, cronUid, (JsonObject)labels.DeepClone()),
                        ["spec"] = new JsonObject
                        {
                            ["schedule"] = "0 * * * *",
                            ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() }, ["spec"] = spec.DeepClone() } } },
                        },
                    };
                    Owned((JsonObject)job["metadata"]!, "batch/v1", "CronJob", "report", cronUid);
                }
                yield return job;
                yield return Pod($"{jobName}-{Hex(random, 5)}", ns, labels, "Job", jobName, jobUid, spec, nodeNames[random.Next(nodeNames.Length)], image, random, "Succeeded");
            }
        }
    }

    /// <summary>The image of the k-th pod-bearing workload: workloads cycle over the distinct images.</summary>
    private static (string Reference, string Digest) ImageOf(int workload, BenchClusterShape shape)
    {
        var i = workload % shape.Images;
        var (repository, tag) = BenchClusterShape.ImageName(i);
        return ($"{BenchClusterShape.Registry}/{repository}:{tag}", BenchClusterShape.ImageDigest(i));
    }

    private static JsonObject PodSpec((string Reference, string Digest) image, bool privileged, bool hostPath, bool limits, string serviceAccount, string restartPolicy = "Always")
    {
        var container = new JsonObject
        {
            ["name"] = "main",
            ["image"] = image.Reference,
            ["imagePullPolicy"] = "IfNotPresent",
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
            ["env"] = new JsonArray(new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" }),
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
        if (hostPath)
        {
            volumes.Add(new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/var/run", ["type"] = "Directory" } });
        }

        return new JsonObject
        {
            ["serviceAccountName"] = serviceAccount,
            ["containers"] = new JsonArray(container),
            ["volumes"] = volumes,
            ["restartPolicy"] = restartPolicy,
            ["dnsPolicy"] = "ClusterFirst",
            ["schedulerName"] = "default-scheduler",
            ["terminationGracePeriodSeconds"] = 30,
            ["securityContext"] = new JsonObject { ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
        };
    }

    private static JsonObject Workload(string apiVersion, string kind, string name, string ns, string uid, JsonObject labels, JsonObject podSpec, int? replicas)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = labels["app"]!.GetValue<string>() } },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() }, ["spec"] = podSpec.DeepClone() },
        };
        if (replicas is { } n)
        {
            spec["replicas"] = n;
        }

        if (kind == "StatefulSet")
        {
            spec["serviceName"] = name;
        }

        if (kind == "Job")
        {
            spec.Remove("selector");
            spec["backoffLimit"] = 2;
        }

        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = Meta(name, ns, uid, (JsonObject)labels.DeepClone()),
            ["spec"] = spec,
            ["status"] = kind == "Job"
                ? new JsonObject { ["succeeded"] = 1, ["startTime"] = Created, ["completionTime"] = Created }
                : new JsonObject { ["observedGeneration"] = 1, ["replicas"] = replicas ?? 0, ["readyReplicas"] = replicas ?? 0 },
        };
    }

    private static JsonObject Pod(string name, string ns, JsonObject labels, string ownerKind, string ownerName, string ownerUid, JsonObject podSpec,
        string node, (string Reference, string Digest) image, Random random, string phase)
    {
        var spec = (JsonObject)podSpec.DeepClone();
        spec["nodeName"] = node;
        var running = phase == "Running";
        var meta = Meta(name, ns, Uid(random), (JsonObject)labels.DeepClone());
        Owned(meta, ownerKind is "Job" ? "batch/v1" : "apps/v1", ownerKind, ownerName, ownerUid);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["qosClass"] = "Burstable",
                ["podIP"] = $"10.100.{random.Next(250)}.{random.Next(1, 250)}",
                ["hostIP"] = "10.0.0.1",
                ["startTime"] = Created,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = running ? "True" : "False", ["lastTransitionTime"] = Created }),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["image"] = image.Reference,
                    ["imageID"] = image.Reference[..image.Reference.LastIndexOf(':')] + "@" + image.Digest,
                    ["ready"] = running,
                    ["started"] = running,
                    ["restartCount"] = random.Next(10) == 0 ? random.Next(1, 30) : 0,
                    ["containerID"] = "containerd://" + Hex(random, 64),
                    ["state"] = running
                        ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Created } }
                        : new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = Created, ["finishedAt"] = Created } },
                }),
            },
        };
    }

    private static JsonObject ClusterRole(string name, JsonObject rule, JsonObject? labels) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = Meta(name, null, NameUid("ClusterRole", null, name), labels),
        ["rules"] = new JsonArray(rule),
    };

    private static JsonObject Binding(string kind, string name, string? ns, string roleKind, string roleName, JsonObject subject) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = kind,
        ["metadata"] = Meta(name, ns, NameUid(kind, ns, name)),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
        ["subjects"] = new JsonArray(subject),
    };

    private static JsonObject ServiceAccount(string name, string ns) => new() { ["kind"] = "ServiceAccount", ["name"] = name, ["namespace"] = ns };

    private static JsonObject Rule(string group, string resource, params string[] verbs) => new()
    {
        ["apiGroups"] = new JsonArray(group),
        ["resources"] = new JsonArray(resource),
        ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
    };

    private static JsonObject Meta(string name, string? ns, string uid, JsonObject? labels = null)
    {
        var m = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            m["namespace"] = ns;
        }

        m["uid"] = uid;
        m["creationTimestamp"] = Created;
        if (labels is not null)
        {
            m["labels"] = labels;
        }

        return m;
    }

    private static void Owned(JsonObject meta, string apiVersion, string kind, string name, string uid) =>
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = name,
            ["uid"] = uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });

    private static string NameUid(string kind, string? ns, string name) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}/{ns}/{name}")).AsSpan(0, 16)).ToString();

    private static string Uid(Random random)
    {
        Span<byte> b = stackalloc byte[16];
        random.NextBytes(b);
        return new Guid(b).ToString();
    }

    private static string Hex(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = "0123456789abcdef"[random.Next(16)];
        }

        return new string(chars);
    }

    /// <summary>The ECR side: one repository per 3 images, each image scanned with a few findings, as a loaded fixture tree.</summary>
    public static JsonObject AwsFixture(BenchClusterShape shape, string accessKeyId, string secretAccessKey)
    {
        var scanned = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var repositories = new JsonArray();
        JsonObject? repository = null;
        JsonArray? images = null;
        for (var i = 0; i < shape.Images; i++)
        {
            var (name, tag) = BenchClusterShape.ImageName(i);
            if (repository is null || repository["repositoryName"]!.GetValue<string>() != name)
            {
                images = [];
                repository = new JsonObject
                {
                    ["repositoryName"] = name,
                    ["createdAt"] = scanned - 86400 * 300,
                    ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = true },
                    ["scanFrequency"] = "CONTINUOUS_SCAN",
                    ["images"] = images,
                };
                repositories.Add(repository);
            }

            var findings = new JsonArray();
            var severities = new[] { "CRITICAL", "HIGH", "MEDIUM", "LOW" };
            for (var f = 0; f < i % 5; f++)
            {
                var cve = $"CVE-2025-{10000 + (i * 7 + f) % 5000}";
                findings.Add(new JsonObject
                {
                    ["awsAccountId"] = BenchClusterShape.Account,
                    ["findingArn"] = $"arn:aws:inspector2:{BenchClusterShape.Region}:{BenchClusterShape.Account}:finding/{i:x8}{f:x24}",
                    ["title"] = $"{cve} - openssl",
                    ["type"] = "PACKAGE_VULNERABILITY",
                    ["severity"] = severities[(i + f) % severities.Length],
                    ["status"] = "ACTIVE",
                    ["score"] = 9.8 - f,
                    ["fixAvailable"] = f % 2 == 0 ? "YES" : "NO",
                    ["exploitAvailable"] = "NO",
                    ["packageVulnerabilityDetails"] = new JsonObject
                    {
                        ["vulnerabilityId"] = cve,
                        ["source"] = "NVD",
                        ["vulnerablePackages"] = new JsonArray(new JsonObject { ["name"] = "openssl", ["version"] = "3.0.11", ["packageManager"] = "OS", ["fixedInVersion"] = "3.0.13" }),
                    },
                });
            }

            images!.Add(new JsonObject
            {
                ["imageDigest"] = BenchClusterShape.ImageDigest(i),
                ["imageTags"] = new JsonArray(tag),
                ["imagePushedAt"] = scanned - 86400 * 20,
                ["imageScanStatus"] = new JsonObject { ["status"] = "ACTIVE", ["description"] = "Continuous scan is selected for image." },
                ["imageScanCompletedAt"] = scanned,
                ["vulnerabilitySourceUpdatedAt"] = scanned,
                ["enhancedFindings"] = findings,
            });
        }

        return new JsonObject
        {
            ["account"] = BenchClusterShape.Account,
            ["region"] = BenchClusterShape.Region,
            ["pageSize"] = 100,
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["accessKeyId"] = accessKeyId,
                ["secretAccessKey"] = secretAccessKey,
                ["arn"] = $"arn:aws:iam::{BenchClusterShape.Account}:user/kubeposture-operator",
            }),
            ["ecr"] = new JsonObject
            {
                ["registryScanningConfiguration"] = new JsonObject
                {
                    ["scanType"] = "ENHANCED",
                    ["rules"] = new JsonArray(new JsonObject { ["scanFrequency"] = "CONTINUOUS_SCAN", ["repositoryFilters"] = new JsonArray(new JsonObject { ["filter"] = "*", ["filterType"] = "WILDCARD" }) }),
                },
                ["repositories"] = repositories,
            },
            // The cluster the bench's PostureScan names, as a small private EKS cluster; its node groups are the nodes'
            // eks.amazonaws.com/nodegroup labels.
            ["eks"] = new JsonObject
            {
                ["clusters"] = new JsonArray(new JsonObject
                {
                    ["name"] = "bench",
                    ["version"] = "1.33",
                    ["status"] = "ACTIVE",
                    ["roleArn"] = $"arn:aws:iam::{BenchClusterShape.Account}:role/bench-cluster",
                    ["resourcesVpcConfig"] = new JsonObject
                    {
                        ["subnetIds"] = new JsonArray("subnet-0bench0000000001"),
                        ["securityGroupIds"] = new JsonArray(),
                        ["vpcId"] = "vpc-0bench0000000001",
                        ["endpointPublicAccess"] = false,
                        ["endpointPrivateAccess"] = true,
                    },
                    ["identity"] = new JsonObject { ["oidc"] = new JsonObject { ["issuer"] = $"https://oidc.eks.{BenchClusterShape.Region}.amazonaws.com/id/BENCH" } },
                    ["accessConfig"] = new JsonObject { ["authenticationMode"] = "API" },
                    ["nodegroups"] = new JsonArray([.. Enumerable.Range(0, 4).Select(n => (JsonNode)new JsonObject
                    {
                        ["nodegroupName"] = $"ng-{n}",
                        ["version"] = "1.33",
                        ["releaseVersion"] = "1.33.0-20251101",
                        ["amiType"] = "AL2023_x86_64_STANDARD",
                        ["nodeRole"] = $"arn:aws:iam::{BenchClusterShape.Account}:role/bench-node",
                    })]),
                }),
            },
            // ELBv2: the bench cluster's ALBs (each read further: listeners, attributes, WAF) and as many of another
            // cluster (listed and tagged only), so the cold scan pays for both and the second scan for neither.
            ["elasticloadbalancing"] = new JsonObject
            {
                ["loadBalancers"] = new JsonArray([.. Enumerable.Range(0, 2 * BenchLoadBalancersPerCluster).Select(n => (JsonNode)BenchLoadBalancer(n))]),
            },
        };
    }

    /// <summary>ALBs the bench account holds for the bench cluster (and as many for another cluster).</summary>
    public const int BenchLoadBalancersPerCluster = 10;

    private static JsonObject BenchLoadBalancer(int n)
    {
        var cluster = n < BenchLoadBalancersPerCluster ? "bench" : "other";
        var name = $"k8s-{cluster}-app{n:d2}-{n:x10}";
        return new JsonObject
        {
            ["loadBalancerName"] = name,
            ["id"] = $"{n:x16}",
            ["dnsName"] = $"{name}-{1000000000 + n}.{BenchClusterShape.Region}.elb.amazonaws.com",
            ["type"] = "application",
            ["scheme"] = n % 2 == 0 ? "internet-facing" : "internal",
            ["vpcId"] = "vpc-0bench0000000001",
            ["tags"] = new JsonObject { ["elbv2.k8s.aws/cluster"] = cluster, ["ingress.k8s.aws/stack"] = $"app{n:d2}/web" },
            ["attributes"] = new JsonObject { ["access_logs.s3.enabled"] = n % 3 == 0 ? "true" : "false" },
            ["listeners"] = new JsonArray(
                new JsonObject { ["port"] = 80, ["protocol"] = "HTTP", ["defaultActions"] = new JsonArray(new JsonObject { ["type"] = "redirect", ["redirectProtocol"] = "HTTPS", ["redirectPort"] = "443" }) },
                new JsonObject { ["port"] = 443, ["protocol"] = "HTTPS", ["sslPolicy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06", ["defaultActions"] = new JsonArray(new JsonObject { ["type"] = "forward" }) }),
        };
    }

    /// <summary>Number formatting for names and reports.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
