namespace KubePosture.Chart.Tests;

public class RbacTests
{
    private static List<string> Rules(Manifest role) =>
        role.Root.Maps("rules")
            .SelectMany(rule => rule.Strings("apiGroups").SelectMany(g => rule.Strings("resources").Select(r =>
                $"{(g.Length == 0 ? "core" : g)}/{r}{(rule.Strings("resourceNames") is { Count: > 0 } names ? "[" + string.Join(",", names) + "]" : "")}: {string.Join(",", rule.Strings("verbs"))}")))
            .Order(StringComparer.Ordinal)
            .ToList();

    private const string Read = "list,watch";
    private const string ReportWrite = "get,list,create,update,delete";

    [Fact]
    public async Task The_operator_cluster_role_is_exactly_what_the_checks_read_plus_its_own_objects()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults);
        var role = chart.Single("ClusterRole", "kubeposture");
        string[] expected =
        [
            $"apps/daemonsets: {Read}",
            $"apps/deployments: {Read}",
            $"apps/replicasets: {Read}",
            $"apps/statefulsets: {Read}",
            $"batch/cronjobs: {Read}",
            $"batch/jobs: {Read}",
            "core/events: create",
            $"core/namespaces: {Read}",
            $"core/nodes: {Read}",
            $"core/persistentvolumes: {Read}",
            $"core/pods: {Read}",
            $"core/replicationcontrollers: {Read}",
            $"core/serviceaccounts: {Read}",
            $"core/services: {Read}",
            "kubeposture.io/postureexceptions/status: update",
            "kubeposture.io/postureexceptions: get,list,watch",
            "kubeposture.io/posturescans/status: update",
            "kubeposture.io/posturescans: get,list,watch",
            "kubeposture.io/posturescans: update",
            $"networking.k8s.io/ingressclasses: {Read}",
            $"networking.k8s.io/ingresses: {Read}",
            $"networking.k8s.io/networkpolicies: {Read}",
            $"openreports.io/clusterreports: {ReportWrite}",
            $"openreports.io/reports: {ReportWrite}",
            $"rbac.authorization.k8s.io/clusterrolebindings: {Read}",
            $"rbac.authorization.k8s.io/clusterroles: {Read}",
            $"rbac.authorization.k8s.io/rolebindings: {Read}",
            $"rbac.authorization.k8s.io/roles: {Read}",
            $"storage.k8s.io/storageclasses: {Read}",
            $"wgpolicyk8s.io/clusterpolicyreports: {ReportWrite}",
            $"wgpolicyk8s.io/policyreports: {ReportWrite}",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Rules(role));
    }

    [Fact]
    public async Task Report_rules_go_away_when_reports_are_disabled()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults, "reports.enabled=false");
        var rules = Rules(chart.Single("ClusterRole", "kubeposture"));
        Assert.DoesNotContain(rules, r => r.StartsWith("openreports.io", StringComparison.Ordinal) || r.StartsWith("wgpolicyk8s.io", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.StartsWith("core/pods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Aws_auth_is_the_only_configmap_and_leases_stay_in_the_release_namespace()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults);
        var awsAuth = chart.Single("Role", "kubeposture-aws-auth");
        Assert.Equal("kube-system", awsAuth.Namespace);
        Assert.Equal(["core/configmaps[aws-auth]: list,watch"], Rules(awsAuth));

        var leader = chart.Single("Role", "kubeposture-leader-election");
        Assert.Equal(RenderedChart.Namespace, leader.Namespace);
        Assert.Equal(["coordination.k8s.io/leases: get,create,update"], Rules(leader));
    }

    [Fact]
    public async Task User_roles_aggregate_into_view_edit_and_admin()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults);
        var view = chart.Single("ClusterRole", "kubeposture-view");
        var viewLabels = view.Metadata.StringMap("labels");
        Assert.Equal("true", viewLabels["rbac.authorization.k8s.io/aggregate-to-view"]);
        Assert.Equal("true", viewLabels["rbac.authorization.k8s.io/aggregate-to-edit"]);
        Assert.All(Rules(view), r => Assert.EndsWith(": get,list,watch", r, StringComparison.Ordinal));

        var edit = chart.Single("ClusterRole", "kubeposture-edit");
        var editLabels = edit.Metadata.StringMap("labels");
        Assert.Equal("true", editLabels["rbac.authorization.k8s.io/aggregate-to-edit"]);
        Assert.False(editLabels.ContainsKey("rbac.authorization.k8s.io/aggregate-to-view"));
        Assert.Equal(
            ["kubeposture.io/postureexceptions: create,update,patch,delete,deletecollection", "kubeposture.io/posturescans: create,update,patch,delete,deletecollection"],
            Rules(edit));

        var without = await Scenarios.RenderAsync(Scenarios.Defaults, "rbac.aggregateToDefaultRoles=false");
        Assert.DoesNotContain(without.OfKind("ClusterRole"), r => r.Name.StartsWith("kubeposture-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rbac_can_be_left_to_the_platform_team()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults, "rbac.create=false", "rbac.aggregateToDefaultRoles=false");
        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.Empty(chart.OfKind("Role"));
        Assert.Empty(chart.OfKind("ClusterRoleBinding"));
        Assert.Empty(chart.OfKind("RoleBinding"));
    }
}
