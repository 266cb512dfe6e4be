using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Inventory.Mapping;
using static KubePosture.Inventory.Tests.Objects;
using static KubePosture.Inventory.Tests.Store.WorkloadFoldingTests;

namespace KubePosture.Inventory.Tests.Store;

public class ClusterObjectMappingTests
{
    [Theory]
    [InlineData("podSelector: {}\n  ingress: [{}]", true, false)]
    [InlineData("podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]", true, true)]
    [InlineData("podSelector: {}\n  egress: []", true, false)]
    [InlineData("podSelector: {}\n  policyTypes: [Egress]", false, true)]
    [InlineData("podSelector: {}\n  policyTypes: [Ingress, Egress]", true, true)]
    public void Network_policy_types_are_the_effective_ones(string spec, bool ingress, bool egress)
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1NetworkPolicy>($"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: a}}\nspec:\n  {spec}\n"));

        var policy = Assert.Single(Snap(store, ClusterScope("a")).NetworkPolicies);

        Assert.Equal((ingress, egress), (policy.AffectsIngress, policy.AffectsEgress));
    }

    [Fact]
    public void Network_policy_selectors_peers_and_ports_keep_the_api_meaning()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1NetworkPolicy>("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [fe]}]}
              ingress:
              - from:
                - namespaceSelector: {}
                - podSelector: {matchLabels: {role: lb}}
                ports: [{port: 443}, {protocol: UDP, port: 53}, {port: 8000, endPort: 9000}, {protocol: SCTP}]
              egress:
              - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]
            """));
        store.Upsert(Yaml<V1NetworkPolicy>("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: a}\nspec: {}\n"));

        var policies = Snap(store, ClusterScope("a")).NetworkPolicies;

        Assert.True(policies[0].PodSelector.IsEmpty);
        Assert.Equal("deny", policies[0].Name);
        var web = policies[1];
        Assert.True(web.PodSelector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "fe" }));
        Assert.False(web.PodSelector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be" }));
        var rule = Assert.Single(web.Ingress);
        Assert.True(rule.Peers[0].NamespaceSelector!.IsEmpty);
        Assert.Null(rule.Peers[0].PodSelector);
        Assert.Null(rule.Peers[1].NamespaceSelector);
        Assert.Equal(["TCP/443", "UDP/53", "TCP/8000-9000", "SCTP"], rule.Ports);
        var peer = Assert.Single(Assert.Single(web.Egress).Peers);
        Assert.Equal(("0.0.0.0/0", "169.254.169.254/32"), (peer.IpBlockCidr, Assert.Single(peer.IpBlockExcept)));
    }

    [Fact]
    public void Only_the_aws_auth_config_map_is_accepted_and_secrets_never_are()
    {
        var store = new InventoryStore();
        var other = Yaml<V1ConfigMap>("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config, namespace: kube-system}\ndata: {k: v}\n");
        var secret = Yaml<V1Secret>("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: kube-system}\nstringData: {password: x}\n");
        var version = store.Version;

        store.Upsert(other);
        store.Upsert(secret);

        Assert.False(InventoryStore.Accepts(other));
        Assert.False(InventoryStore.Accepts(secret));
        Assert.Equal(version, store.Version);
        Assert.Null(Snap(store, ClusterScope("kube-system")).AwsAuth);
    }

    [Fact]
    public void Aws_auth_mappings_are_parsed_and_bad_entries_recorded()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1ConfigMap>("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: aws-auth, namespace: kube-system}
            data:
              mapRoles: |
                - rolearn: arn:aws:iam::111122223333:role/nodes
                  username: system:node:{{EC2PrivateDNSName}}
                  groups:
                    - system:bootstrappers
                    - system:nodes
                - rolearn: arn:aws:iam::111122223333:role/admins
                  username: admin
                  groups: [system:masters]
                - username: no-arn
              mapUsers: |
                - userarn: arn:aws:iam::111122223333:user/alice
                  groups:
                  - system:masters
                  username: alice
                 bad-indent: [
              mapAccounts: |
                - "111122223333"
            """));

        var awsAuth = Snap(store, ClusterScope()).AwsAuth!;

        Assert.Equal(["arn:aws:iam::111122223333:role/nodes", "arn:aws:iam::111122223333:role/admins"], awsAuth.MapRoles.Select(m => m.Arn));
        Assert.Equal(["system:masters"], awsAuth.MapRoles[1].Groups);
        Assert.Equal("system:node:{{EC2PrivateDNSName}}", awsAuth.MapRoles[0].UserName);
        Assert.Empty(awsAuth.MapUsers);
        Assert.Equal(["111122223333"], awsAuth.MapAccounts);
        Assert.Equal(2, awsAuth.ParseErrors.Count);
        Assert.Equal("mapRoles[2]: rolearn is missing", awsAuth.ParseErrors[0]);
        Assert.StartsWith("mapUsers: not valid YAML at line", awsAuth.ParseErrors[1]);
    }

    [Theory]
    [InlineData("- rolearn: a\n  rolearn: b")]
    [InlineData("- rolearn: *missing")]
    [InlineData("- &a [*a]")]
    [InlineData("- rolearn: arn\n\tgroups: [x]")]
    [InlineData("- {rolearn: arn, groups: [system:masters]\n")]
    [InlineData("- rolearn: !!binary AAA=\n  groups: !!map {}")]
    [InlineData("? [a, b]\n: c")]
    [InlineData("- rolearn: arn\n  groups: [system:masters]\n---\n- {")]
    [InlineData("%YAML 9.9\n--- []")]
    [InlineData("- <<: *x")]
    [InlineData("DEEP")]
    [InlineData("- rolearn: arn\n  groups: [a, b\n  username: x")]
    [InlineData("- rolearn: \"\\uD800\"")]
    [InlineData("- rolearn: arn\n  groups:\n  - &g system:masters\n  - *g\n  - *h")]
    public void Aws_auth_that_is_not_valid_yaml_never_throws_and_names_the_key(string mapRoles)
    {
        if (mapRoles == "DEEP")
            mapRoles = new string('[', 20_000) + new string(']', 20_000);
        var record = AwsAuthParser.Parse(new Dictionary<string, string> { ["mapRoles"] = mapRoles });
        Assert.All(record.ParseErrors, e => Assert.StartsWith("mapRoles", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Aws_auth_with_wrong_shapes_names_the_key()
    {
        var record = AwsAuthParser.Parse(new Dictionary<string, string>
        {
            ["mapRoles"] = "rolearn: arn:aws:iam::1:role/x",
            ["mapUsers"] = "- just-a-string",
            ["mapAccounts"] = "nope: 1",
        });

        Assert.Equal(
            ["mapRoles: expected a YAML list of mappings with rolearn, username and groups", "mapUsers[0]: expected a mapping with userarn, username and groups", "mapAccounts: expected a YAML list of account ids"],
            record.ParseErrors);
    }

    [Fact]
    public void Rbac_objects_keep_rules_aggregation_and_subjects()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1ClusterRole>("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: monitoring, labels: {team: obs}}
            aggregationRule:
              clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-monitoring: "true"}}]
            rules: []
            """));
        store.Upsert(Yaml<V1Role>("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: exec, namespace: a}
            rules:
            - {apiGroups: [""], resources: [pods/exec], verbs: [create], resourceNames: [web-0]}
            """));
        store.Upsert(Yaml<V1RoleBinding>("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: exec, namespace: a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec}
            subjects:
            - {kind: ServiceAccount, name: ci, namespace: a}
            - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: devs}
            """));
        store.Upsert(Yaml<V1ClusterRoleBinding>("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: admins}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
            """));

        var inventory = Snap(store, ClusterScope("a"));

        Assert.Equal(["ClusterRole/monitoring", "Role/exec"], inventory.Roles.Select(r => $"{r.Kind}/{r.Name}"));
        var rule = Assert.Single(inventory.Roles[1].Rules);
        Assert.Equal(["create"], rule.Verbs);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods/exec"], rule.Resources);
        Assert.Equal(["web-0"], rule.ResourceNames);
        var selector = Assert.Single(inventory.Roles[0].AggregationSelectors!);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["rbac.example.com/aggregate-to-monitoring"] = "true" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["team"] = "obs" }));
        Assert.Null(inventory.Roles[1].AggregationSelectors);
        Assert.Equal(("ClusterRoleBinding", "ClusterRole", "cluster-admin"), (inventory.Bindings[0].Kind, inventory.Bindings[0].RoleRefKind, inventory.Bindings[0].RoleRefName));
        Assert.Equal(["ServiceAccount a/ci", "Group devs"], inventory.Bindings[1].Subjects.Select(s => s.ToString()));
    }

    [Fact]
    public void Services_nodes_namespaces_and_service_accounts_keep_what_checks_read()
    {
        var store = new InventoryStore();
        store.Upsert(Yaml<V1Service>("""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: a
              annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internal, kubectl.kubernetes.io/last-applied-configuration: "{}"}
            spec:
              type: LoadBalancer
              selector: {app: web}
              loadBalancerSourceRanges: [10.0.0.0/8]
              ports: [{port: 443, nodePort: 31443}]
            """));
        store.Upsert(Yaml<V1Service>("apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: a}\nspec: {ports: [{port: 5432}]}\n"));
        store.Upsert(Yaml<V1Node>("""
            apiVersion: v1
            kind: Node
            metadata: {name: ip-10-0-1-1, creationTimestamp: "2026-10-01T00:00:00Z", labels: {eks.amazonaws.com/nodegroup: ng}}
            spec: {providerID: "aws:///eu-west-1a/i-0abc"}
            status:
              nodeInfo: {kubeletVersion: v1.30.4-eks-a737599, osImage: Amazon Linux 2023, containerRuntimeVersion: "containerd://1.7.20", kernelVersion: "", kubeProxyVersion: "", machineID: "", systemUUID: "", bootID: "", operatingSystem: linux, architecture: amd64}
              conditions: [{type: Ready, status: "True"}]
              addresses: [{type: InternalIP, address: 10.0.1.1}, {type: ExternalIP, address: 54.1.2.3}]
            """));
        store.Upsert(Namespace("a", "{pod-security.kubernetes.io/enforce: restricted}"));
        store.Upsert(Yaml<V1ServiceAccount>("""
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: app, namespace: a, annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/app"}}
            automountServiceAccountToken: false
            """));

        var inventory = Snap(store, ClusterScope("a"));

        Assert.Equal(["ClusterIP", "LoadBalancer"], inventory.Services.Select(s => s.Type));
        var web = inventory.Services[1];
        Assert.Equal(["service.beta.kubernetes.io/aws-load-balancer-scheme"], web.Annotations.Keys);
        Assert.Equal([31443], web.NodePorts);
        Assert.Equal(["10.0.0.0/8"], web.LoadBalancerSourceRanges);
        var node = Assert.Single(inventory.Nodes);
        Assert.Equal(("v1.30.4-eks-a737599", true, "aws:///eu-west-1a/i-0abc"), (node.KubeletVersion, node.Ready, node.ProviderId));
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), node.CreationTimestamp);
        Assert.Equal(["10.0.1.1"], node.InternalIps);
        Assert.Equal(["54.1.2.3"], node.ExternalIps);
        Assert.Equal("restricted", Assert.Single(inventory.Namespaces).Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal(new ServiceAccountRecord("a", "app", false, "arn:aws:iam::1:role/app"), Assert.Single(inventory.ServiceAccounts));
    }
}
