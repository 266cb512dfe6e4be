using System.Text.Json.Nodes;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Ports;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Elbv2;

/// <summary>AWS WAF v2 over awsJson1_1 (target prefix AWSWAF_20190729). Cached for the describe TTL.</summary>
internal sealed class Wafv2Client(AwsJsonChannel channel, DescribeCache cache) : IWafv2Port
{
    public const string TargetPrefix = "AWSWAF_20190729";

    public Task<string?> GetWebAclArnForResourceAsync(string resourceArn, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.Wafv2GetWebAclForResource, resourceArn, async ct =>
        {
            try
            {
                // AWS leaves WebACL out when none is associated; moto sends "WebACL": null. Both mean none.
                var answer = await channel.CallAsync(Op.Wafv2GetWebAclForResource, new JsonObject { ["ResourceArn"] = resourceArn }, ct);
                return answer.Object("WebACL") is { } acl ? acl.RequiredString("ARN") : null;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "WAFNonexistentItemException")
            {
                // The load balancer went away between DescribeLoadBalancers and this call: nothing is associated with it.
                return (string?)null;
            }
        }, cancellationToken);
}
