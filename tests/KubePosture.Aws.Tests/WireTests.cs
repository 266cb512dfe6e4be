using System.Net;
using System.Text;
using Amazon.Runtime;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>What goes over the wire: label encoding, signing scopes, and the emulator's SigV4 gate.</summary>
public sealed class WireTests : IAsyncLifetime
{
    private AwsTestContext _aws = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _aws = await AwsTestContext.StartAsync();

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    [Fact]
    public async Task Eks_path_labels_are_percent_encoded_as_the_official_sdks_send_them()
    {
        await _aws.Session.Eks.ListAssociatedAccessPoliciesAsync("demo", "arn:aws:iam::111122223333:role/Admin", Ct);
        await _aws.Session.Eks.ListPodIdentityAssociationsAsync("demo", "team-a", "reporter", Ct);

        var paths = _aws.Server.Requests.Entries.Select(e => e.RawTarget).ToArray();
        // Same as shared/reference/aws/wire-requests.txt (eks.ListAssociatedAccessPolicies).
        Assert.StartsWith("/clusters/demo/access-entries/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FAdmin/access-policies?", paths[0]);
        Assert.StartsWith("/clusters/demo/pod-identity-associations?", paths[1]);
        Assert.Contains("namespace=team-a", paths[1]);
        Assert.Contains("serviceAccount=reporter", paths[1]);
    }

    [Fact]
    public async Task Iam_is_signed_in_us_east_1_and_regional_services_in_the_session_region()
    {
        await _aws.Session.Iam.GetRoleAsync("demo-node-role", Ct);
        await _aws.Session.Ecr.GetRegistryScanningConfigurationAsync(Ct);
        await _aws.Session.Ec2.DescribeFlowLogsAsync(["vpc-0a1b2c3d4e5f60004"], Ct);

        var scopes = _aws.Server.Requests.Entries.ToDictionary(e => e.Service, e => e.ScopeRegion);
        Assert.Equal("us-east-1", scopes["iam"]);
        Assert.Equal("us-west-2", scopes["ecr"]);
        Assert.Equal("us-west-2", scopes["ec2"]);
    }

    [Fact]
    public async Task The_emulator_rejects_unsigned_and_wrongly_scoped_requests_with_403()
    {
        using var http = new HttpClient();
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, _aws.Server.BaseUrl + "/") { Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1") };
        unsigned.Headers.Add("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories");
        using var response = await http.SendAsync(unsigned, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("MissingAuthenticationToken", await response.Content.ReadAsStringAsync(Ct));

        using var wrongScope = new HttpRequestMessage(HttpMethod.Get, _aws.Server.BaseUrl + "/clusters/demo");
        wrongScope.Headers.TryAddWithoutValidation("X-Amz-Date", "20260115T000000Z");
        wrongScope.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAKUBEPOSTUREDEMO1/20260115/eu-west-1/eks/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + new string('0', 64));
        using var rejected = await http.SendAsync(wrongScope, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", rejected.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Unknown_credentials_surface_as_a_client_error_not_as_access_denied_and_are_not_retried()
    {
        await using var aws = await AwsTestContext.StartAsync(credentials: new BasicAWSCredentials("AKIAUNKNOWNKEY000001", "secret"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Session.Ecs.ListClustersAsync(Ct));

        Assert.Equal(("UnrecognizedClientException", 403), (error.ErrorCode, error.StatusCode));
        Assert.Single(aws.Server.Requests.Entries);
    }
}
