using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>Authentication and RBAC authorization with kube-apiserver's decisions and 401/403 texts.</summary>
public sealed class RbacTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly KubeEmulatorServer _server;
    private readonly RawClient _admin;

    public RbacTests(EmulatorFixture fixture)
    {
        _server = fixture.Server;
        _admin = new RawClient(_server, _server.AdminToken);
    }

    public void Dispose() => _admin.Dispose();

    private async Task CreateAsync(string path, string json)
    {
        var (code, body) = await _admin.PostAsync(path, json);
        Assert.True(code == 201, $"create at {path} answered {code}: {body}");
    }

    private Task NamespaceAsync(string ns) => CreateAsync("/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""");

    private Task RoleAsync(string ns, string name, string rules) =>
        CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles", $$"""{"metadata":{"name":"{{name}}"},"rules":{{rules}}}""");

    private Task BindAsync(string ns, string name, string roleKind, string role, string saNs, string sa) =>
        CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings",
            $$"""{"metadata":{"name":"{{name}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{role}}"},"subjects":[{"kind":"ServiceAccount","name":"{{sa}}","namespace":"{{saNs}}"}]}""");

    [Fact]
    public async Task The_same_request_is_allowed_then_denied_after_its_binding_is_deleted()
    {
        await NamespaceAsync("rbac-flip");
        await RoleAsync("rbac-flip", "pod-reader", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list","watch"]}]""");
        await BindAsync("rbac-flip", "read-pods", "Role", "pod-reader", "rbac-flip", "scanner");
        using var sa = new RawClient(_server, _server.AddServiceAccountToken("rbac-flip", "scanner"));

        Assert.Equal(200, (await sa.GetAsync("/api/v1/namespaces/rbac-flip/pods")).Code);

        Assert.Equal(200, (await _admin.DeleteAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-flip/rolebindings/read-pods")).Code);

        var (code, body) = await sa.GetAsync("/api/v1/namespaces/rbac-flip/pods");
        Assert.Equal(403, code);
        Assert.Equal("Forbidden", body!["reason"]!.GetValue<string>());
        Assert.Equal("pods is forbidden: User \"system:serviceaccount:rbac-flip:scanner\" cannot list resource \"pods\" in API group \"\" in the namespace \"rbac-flip\"",
            body["message"]!.GetValue<string>());
        Assert.Equal("pods", body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal(1, _server.Requests.Count(r => r.User == "system:serviceaccount:rbac-flip:scanner" && r.Verb == "list" && r.Code == 403));

        var (clusterCode, clusterBody) = await sa.GetAsync("/apis/apps/v1/deployments");
        Assert.Equal(403, clusterCode);
        Assert.Equal("deployments.apps is forbidden: User \"system:serviceaccount:rbac-flip:scanner\" cannot list resource \"deployments\" in API group \"apps\" at the cluster scope",
            clusterBody!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_aggregated_cluster_role_takes_effect_when_a_matching_cluster_role_appears()
    {
        await NamespaceAsync("rbac-agg");
        await CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles",
            """{"metadata":{"name":"posture-reader"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"example.com/aggregate-to-posture":"true"}}]},"rules":[]}""");
        await CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            """{"metadata":{"name":"posture-reader"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"posture-reader"},"subjects":[{"kind":"ServiceAccount","name":"op","namespace":"rbac-agg"}]}""");
        using var sa = new RawClient(_server, _server.AddServiceAccountToken("rbac-agg", "op"));
        Assert.Equal(403, (await sa.GetAsync("/api/v1/nodes")).Code);

        await CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles",
            """{"metadata":{"name":"posture-nodes","labels":{"example.com/aggregate-to-posture":"true"}},"rules":[{"apiGroups":[""],"resources":["nodes"],"verbs":["list"]}]}""");

        Assert.Equal(200, (await sa.GetAsync("/api/v1/nodes")).Code);
        var (_, aggregated) = await _admin.GetAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles/posture-reader");
        Assert.Equal("nodes", aggregated!["rules"]![0]!["resources"]![0]!.GetValue<string>());

        // The built-in view role aggregates system:aggregate-to-view: a binding to it grants reads.
        await BindAsync("rbac-agg", "op-view", "ClusterRole", "view", "rbac-agg", "op");
        Assert.Equal(200, (await sa.GetAsync("/apis/apps/v1/namespaces/rbac-agg/deployments")).Code);
        Assert.Equal(403, (await sa.GetAsync("/api/v1/namespaces/rbac-agg/secrets")).Code);
    }

    [Fact]
    public async Task Resource_names_allow_get_and_a_list_or_watch_pinned_by_metadata_name_only()
    {
        await NamespaceAsync("rbac-names");
        await CreateAsync("/api/v1/namespaces/rbac-names/configmaps", """{"metadata":{"name":"aws-auth"},"data":{"mapRoles":"[]"}}""");
        await CreateAsync("/api/v1/namespaces/rbac-names/configmaps", """{"metadata":{"name":"other"}}""");
        await RoleAsync("rbac-names", "aws-auth-reader", """[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["aws-auth"],"verbs":["get","list","watch"]}]""");
        await BindAsync("rbac-names", "aws-auth-reader", "Role", "aws-auth-reader", "rbac-names", "op");
        using var sa = new RawClient(_server, _server.AddServiceAccountToken("rbac-names", "op"));

        Assert.Equal(200, (await sa.GetAsync("/api/v1/namespaces/rbac-names/configmaps/aws-auth")).Code);
        var (listCode, list) = await sa.GetAsync("/api/v1/namespaces/rbac-names/configmaps?fieldSelector=metadata.name%3Daws-auth");
        Assert.Equal(200, listCode);
        Assert.Equal("aws-auth", list!["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Single(list["items"]!.AsArray());
        await using (var watch = await WatchStream.OpenAsync(sa, "/api/v1/namespaces/rbac-names/configmaps?watch=true&fieldSelector=metadata.name%3Daws-auth"))
        {
            Assert.Equal(200, watch.StatusCode);
            Assert.Equal("aws-auth", (await watch.NextAsync())["object"]!["metadata"]!["name"]!.GetValue<string>());
        }

        var (otherCode, other) = await sa.GetAsync("/api/v1/namespaces/rbac-names/configmaps/other");
        Assert.Equal(403, otherCode);
        Assert.Equal("configmaps \"other\" is forbidden: User \"system:serviceaccount:rbac-names:op\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"rbac-names\"",
            other!["message"]!.GetValue<string>());
        Assert.Equal(403, (await sa.GetAsync("/api/v1/namespaces/rbac-names/configmaps")).Code);
        Assert.Equal(403, (await sa.GetAsync("/api/v1/namespaces/rbac-names/configmaps?fieldSelector=metadata.name%3Dother")).Code);
    }

    [Fact]
    public async Task Verbs_subresources_and_non_resource_urls_are_distinct_permissions()
    {
        await NamespaceAsync("rbac-verbs");
        await CreateAsync("/api/v1/namespaces/rbac-verbs/pods", """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1"}]}}""");
        await RoleAsync("rbac-verbs", "narrow", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get","patch"]},{"apiGroups":[""],"resources":["pods/status"],"verbs":["update"]},{"apiGroups":["*"],"resources":["*/status"],"verbs":["get"]}]""");
        await BindAsync("rbac-verbs", "narrow", "Role", "narrow", "rbac-verbs", "op");
        using var sa = new RawClient(_server, _server.AddServiceAccountToken("rbac-verbs", "op"));

        var (_, pod) = await sa.GetAsync("/api/v1/namespaces/rbac-verbs/pods/p");
        Assert.Equal(403, (await sa.GetAsync("/api/v1/namespaces/rbac-verbs/pods")).Code);
        Assert.Equal(403, (await sa.GetAsync("/api/v1/namespaces/rbac-verbs/pods?watch=true")).Code);
        Assert.Equal(200, (await sa.PatchAsync("/api/v1/namespaces/rbac-verbs/pods/p", """{"metadata":{"labels":{"a":"b"}}}""")).Code);
        var (putCode, put) = await sa.PutAsync("/api/v1/namespaces/rbac-verbs/pods/p", pod!.ToJsonString());
        Assert.Equal(403, putCode);
        Assert.Contains("cannot update resource \"pods\"", put!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, (await sa.GetAsync("/api/v1/namespaces/rbac-verbs/pods/p/status")).Code);
        Assert.Equal(409, (await sa.PutAsync("/api/v1/namespaces/rbac-verbs/pods/p/status", pod.ToJsonString())).Code);
        var (_, current) = await sa.GetAsync("/api/v1/namespaces/rbac-verbs/pods/p");
        Assert.Equal(200, (await sa.PutAsync("/api/v1/namespaces/rbac-verbs/pods/p/status", current!.ToJsonString())).Code);
        var (execCode, exec) = await sa.PostAsync("/api/v1/namespaces/rbac-verbs/pods/p/exec", "{}");
        Assert.Equal(403, execCode);
        Assert.Equal("pods \"p\" is forbidden: User \"system:serviceaccount:rbac-verbs:op\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"rbac-verbs\"",
            exec!["message"]!.GetValue<string>());
        Assert.Equal(403, (await sa.DeleteAsync("/api/v1/namespaces/rbac-verbs/pods")).Code);

        // Discovery and /version are open to every authenticated user; other paths are not.
        Assert.Equal(200, (await sa.GetAsync("/apis")).Code);
        Assert.Equal(200, (await sa.GetAsync("/openapi/v3")).Code);
        var (metricsCode, metrics) = await sa.GetAsync("/metrics");
        Assert.Equal(403, metricsCode);
        Assert.Equal("forbidden: User \"system:serviceaccount:rbac-verbs:op\" cannot get path \"/metrics\"", metrics!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Anonymous_requests_are_forbidden_and_bad_tokens_unauthorized()
    {
        using var anonymous = new RawClient(_server, null);
        Assert.Equal(200, (await anonymous.GetAsync("/version")).Code);
        var (code, body) = await anonymous.GetAsync("/api/v1/namespaces/default/pods");
        Assert.Equal(403, code);
        Assert.Equal("pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", body!["message"]!.GetValue<string>());
        var (apiCode, api) = await anonymous.GetAsync("/api");
        Assert.Equal(403, apiCode);
        Assert.Equal("forbidden: User \"system:anonymous\" cannot get path \"/api\"", api!["message"]!.GetValue<string>());

        using var bad = new RawClient(_server, "not-a-token");
        var (badCode, badBody) = await bad.GetAsync("/api/v1/namespaces");
        Assert.Equal(401, badCode);
        Assert.Equal("Unauthorized", badBody!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Access_reviews_and_token_reviews_answer_for_other_subjects()
    {
        await NamespaceAsync("rbac-reviews");
        await BindAsync("rbac-reviews", "edit", "ClusterRole", "edit", "rbac-reviews", "deployer");
        var token = _server.AddServiceAccountToken("rbac-reviews", "deployer");

        var (sarCode, sar) = await _admin.PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"system:serviceaccount:rbac-reviews:deployer","groups":["system:serviceaccounts"],"resourceAttributes":{"namespace":"rbac-reviews","verb":"create","group":"apps","resource":"deployments"}}}""");
        Assert.Equal(201, sarCode);
        Assert.True(sar!["status"]!["allowed"]!.GetValue<bool>());

        using var deployer = new RawClient(_server, token);
        var (ssarCode, ssar) = await deployer.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"namespace":"rbac-reviews","verb":"create","resource":"roles","group":"rbac.authorization.k8s.io"}}}""");
        Assert.Equal(201, ssarCode);
        Assert.False(ssar!["status"]!["allowed"]!.GetValue<bool>());
        Assert.Equal(403, (await deployer.PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", """{"spec":{"user":"x"}}""")).Code);

        var (trCode, tr) = await _admin.PostAsync("/apis/authentication.k8s.io/v1/tokenreviews",
            $$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"{{{token}}}"}}""");
        Assert.Equal(201, trCode);
        Assert.True(tr!["status"]!["authenticated"]!.GetValue<bool>());
        Assert.Equal("system:serviceaccount:rbac-reviews:deployer", tr["status"]!["user"]!["username"]!.GetValue<string>());
        Assert.Contains("system:serviceaccounts:rbac-reviews", tr["status"]!["user"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        var (_, invalid) = await _admin.PostAsync("/apis/authentication.k8s.io/v1/tokenreviews", """{"spec":{"token":"nope"}}""");
        Assert.False(invalid!["status"]!["authenticated"]!.GetValue<bool>());
    }
}
