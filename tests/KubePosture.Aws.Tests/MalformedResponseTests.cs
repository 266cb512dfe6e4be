using KubePosture.Aws.Ports;
using KubePosture.Aws.SecurityHub;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>Answers that break the wire shape are reported with service, operation and the field, never half-parsed.</summary>
public sealed class MalformedResponseTests : IAsyncLifetime
{
    private AwsTestContext _aws = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _aws = await AwsTestContext.StartAsync();

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    [Fact]
    public async Task A_list_that_is_not_an_array_names_the_field()
    {
        _aws.Server.Faults.Inject("ecr:DescribeRepositories", AwsFault.RawBody("{\"repositories\": \"oops\"}", "application/x-amz-json-1.1"));

        var error = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Ecr.DescribeRepositoriesAsync(null, Ct));

        Assert.Equal(("ecr", "DescribeRepositories", "repositories"), (error.Service, error.Operation, error.Field));
        Assert.Equal("ecr DescribeRepositories returned a malformed response: repositories: expected an array, got String", error.Message);
    }

    [Fact]
    public async Task A_required_field_that_is_missing_names_its_path()
    {
        _aws.Server.Faults.Inject("ecr:DescribeRepositories", AwsFault.RawBody("{\"repositories\": [{\"registryId\": \"111122223333\", \"repositoryArn\": \"arn:aws:ecr:us-west-2:111122223333:repository/x\"}]}", "application/x-amz-json-1.1"));

        var error = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Ecr.DescribeRepositoriesAsync(null, Ct));

        Assert.Equal("repositories[0].repositoryName", error.Field);
        Assert.EndsWith("missing", error.Message);
    }

    [Fact]
    public async Task An_iso_timestamp_where_json_protocols_send_epoch_seconds_is_rejected()
    {
        _aws.Server.Faults.Inject("eks:ListAssociatedAccessPolicies", AwsFault.RawBody(
            "{\"associatedAccessPolicies\": [{\"policyArn\": \"arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy\", \"associatedAt\": \"2025-01-01T00:00:00Z\"}]}", "application/json"));

        var error = await Assert.ThrowsAsync<AwsMalformedResponseException>(() =>
            _aws.Session.Eks.ListAssociatedAccessPoliciesAsync("demo", "arn:aws:iam::111122223333:role/Admin", Ct));

        Assert.Equal("associatedAccessPolicies[0].associatedAt", error.Field);
        Assert.Contains("expected epoch seconds, got string \"2025-01-01T00:00:00Z\"", error.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_reported()
    {
        _aws.Server.Faults.Inject("ecs:ListClusters", AwsFault.RawBody("<html>gateway</html>", "text/html"));

        var error = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Ecs.ListClustersAsync(Ct));

        Assert.Equal("$", error.Field);
        Assert.Contains("not JSON", error.Message);
    }

    [Fact]
    public async Task A_query_answer_that_is_not_xml_or_lacks_its_result_is_reported()
    {
        _aws.Server.Faults.Inject("iam:GetRole", AwsFault.RawBody("{\"not\": \"xml\"}", "text/xml"));
        var notXml = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Iam.GetRoleAsync("demo-app-irsa", Ct));
        Assert.Contains("not XML", notXml.Message);

        _aws.Server.Faults.Inject("iam:ListRolePolicies", AwsFault.RawBody("<ListRolePoliciesResponse><Other/></ListRolePoliciesResponse>", "text/xml"));
        var noResult = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Iam.ListRolePoliciesAsync("demo-app-irsa", Ct));
        Assert.Contains("no ListRolePoliciesResult element", noResult.Message);
    }

    [Fact]
    public async Task A_next_token_that_repeats_stops_pagination_instead_of_looping()
    {
        _aws.Server.Faults.Inject("ecs:ListServices", AwsFault.RawBody("{\"serviceArns\": [], \"nextToken\": \"again\"}", "application/x-amz-json-1.1", times: 10));

        var error = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Ecs.ListServicesAsync("web", Ct));

        Assert.Equal("nextToken", error.Field);
        Assert.Equal(2, _aws.Server.Requests.CountOf("ecs", "ListServices"));
    }

    [Fact]
    public async Task A_next_token_that_repeats_in_a_posted_page_stops_pagination_too()
    {
        // restJson POST paging, the token in the body: GuardDuty's nextToken and Security Hub's NextToken.
        _aws.Server.Faults.Inject("guardduty:ListFindings", AwsFault.RawBody("{\"findingIds\": [], \"nextToken\": \"again\"}", "application/json", times: 10));
        _aws.Server.Faults.Inject("securityhub:GetFindings", AwsFault.RawBody("{\"Findings\": [], \"NextToken\": \"again\"}", "application/json", times: 10));
        var (hub, _, _) = await _aws.Factory.GetSecurityHubAsync(new AwsSessionRequest(_aws.Server.Fixture.Region), Ct);

        var guardDuty = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.GuardDuty.GetClusterFindingsAsync("12abc34d567e8fa901bc2d34e56789f0", "demo", Ct));
        var securityHub = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => hub.GetFindingsAsync(new SecurityHubFindingFilter("product", "cluster", "scan"), Ct));

        Assert.Equal(("guardduty", "ListFindings", "nextToken"), (guardDuty.Service, guardDuty.Operation, guardDuty.Field));
        Assert.Equal(("securityhub", "GetFindings", "NextToken"), (securityHub.Service, securityHub.Operation, securityHub.Field));
        Assert.Equal(2, _aws.Server.Requests.CountOf("guardduty", "ListFindings"));
        Assert.Equal(2, _aws.Server.Requests.CountOf("securityhub", "GetFindings"));
    }

    [Fact]
    public async Task An_sdk_client_answer_that_does_not_parse_is_reported_as_malformed()
    {
        _aws.Server.Faults.Inject("ssm:GetParameter", AwsFault.RawBody("{\"Parameter\": {\"Name\": \"x\", \"Version\": \"not-a-number\"", "application/x-amz-json-1.1"));

        var error = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Ssm.GetParameterAsync("/x", Ct));

        Assert.Equal(("ssm", "GetParameter"), (error.Service, error.Operation));
    }

    [Fact]
    public async Task An_error_body_that_is_not_json_still_yields_the_status()
    {
        _aws.Server.Faults.Inject("eks:DescribeCluster", AwsFault.RawBody("upstream connect error", "text/plain", status: 502, times: 10));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Session.Eks.DescribeClusterAsync("demo", Ct));

        Assert.Equal((502, "HTTP502"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("upstream connect error", error.Message);
    }
}
