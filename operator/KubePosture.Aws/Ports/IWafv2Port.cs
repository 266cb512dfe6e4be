namespace KubePosture.Aws.Ports;

/// <summary>AWS WAF (v2), read-only.</summary>
public interface IWafv2Port
{
    /// <summary>
    /// The ARN of the regional web ACL associated with the resource (an application load balancer), or null when none
    /// is (GetWebACLForResource answers without a WebACL, or with WebACL null as moto does).
    /// </summary>
    Task<string?> GetWebAclArnForResourceAsync(string resourceArn, CancellationToken cancellationToken);
}
