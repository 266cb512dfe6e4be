using System.Globalization;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Elbv2;

/// <summary>Elastic Load Balancing v2 over awsQuery (version 2015-12-01, Marker/NextMarker paging). Cached for the describe TTL.</summary>
internal sealed class Elbv2Client(QueryChannel channel, DescribeCache cache) : IElbv2Port
{
    public const string ApiVersion = "2015-12-01";

    /// <summary>DescribeListeners' largest page.</summary>
    private const int ListenersPageSize = 400;

    /// <summary>The error of a load balancer deleted since it was listed.</summary>
    private const string LoadBalancerNotFound = "LoadBalancerNotFound";

    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>(StringComparer.Ordinal);

    public Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeLoadBalancersAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(Op.Elbv2DescribeLoadBalancers, "", async ct => (IReadOnlyList<Elbv2LoadBalancer>)await PaginateAsync(Op.Elbv2DescribeLoadBalancers, [],
            Elbv2Limits.PageSize, Elbv2Limits.MaxLoadBalancers, r => r.Members("LoadBalancers").Select(ParseLoadBalancer), ct), cancellationToken);

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeTagsAsync(IReadOnlyList<string> loadBalancerArns, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var batch in loadBalancerArns.Distinct(StringComparer.Ordinal).Chunk(Elbv2Limits.TagsBatch))
        {
            var answered = await cache.GetAsync(Op.Elbv2DescribeTags, string.Join(',', batch), async ct =>
            {
                try
                {
                    return await DescribeTagsBatchAsync(batch, ct);
                }
                catch (AwsServiceException e) when (e.ErrorCode == LoadBalancerNotFound)
                {
                    // One of them was deleted since it was listed, and the answer does not say which: ask one by one and
                    // leave the deleted ones out (the collector then finds them gone).
                    var found = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
                    foreach (var arn in batch)
                    {
                        try
                        {
                            foreach (var (a, t) in await DescribeTagsBatchAsync([arn], ct)) found[a] = t;
                        }
                        catch (AwsServiceException single) when (single.ErrorCode == LoadBalancerNotFound)
                        {
                        }
                    }
                    return found;
                }
            }, cancellationToken);
            foreach (var arn in batch) tags[arn] = answered.GetValueOrDefault(arn) ?? NoTags;
        }
        return tags;
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeTagsBatchAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken)
    {
        var parameters = arns.Select((arn, i) => new KeyValuePair<string, string>($"ResourceArns.member.{i + 1}", arn));
        var result = await channel.CallAsync(Op.Elbv2DescribeTags, parameters, cancellationToken);
        return result.Members("TagDescriptions").ToDictionary(d => d.RequiredString("ResourceArn"), d => ParseTags(d), StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<Elbv2Listener>?> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.Elbv2DescribeListeners, loadBalancerArn, async ct =>
        {
            try
            {
                return (IReadOnlyList<Elbv2Listener>?)await PaginateAsync(Op.Elbv2DescribeListeners,
                    [new("LoadBalancerArn", loadBalancerArn)], ListenersPageSize, int.MaxValue, r => r.Members("Listeners").Select(ParseListener), ct);
            }
            catch (AwsServiceException e) when (e.ErrorCode == LoadBalancerNotFound)
            {
                return null;
            }
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>?> DescribeLoadBalancerAttributesAsync(string loadBalancerArn, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.Elbv2DescribeLoadBalancerAttributes, loadBalancerArn, async ct =>
        {
            XmlView result;
            try
            {
                result = await channel.CallAsync(Op.Elbv2DescribeLoadBalancerAttributes, [new("LoadBalancerArn", loadBalancerArn)], ct);
            }
            catch (AwsServiceException e) when (e.ErrorCode == LoadBalancerNotFound)
            {
                return (IReadOnlyDictionary<string, string>?)null;
            }
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var a in result.Members("Attributes")) attributes[a.RequiredString("Key")] = a.String("Value") ?? "";
            return attributes;
        }, cancellationToken);

    private static Elbv2LoadBalancer ParseLoadBalancer(XmlView m) => new(
        m.RequiredString("LoadBalancerArn"), m.RequiredString("LoadBalancerName"), m.String("DNSName") ?? "", m.String("Type") ?? "application",
        m.String("Scheme") ?? "internet-facing", m.String("VpcId"), NoTags, [], NoTags, null);

    private static IReadOnlyDictionary<string, string> ParseTags(XmlView description)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in description.Members("Tags")) tags[t.RequiredString("Key")] = t.String("Value") ?? "";
        return tags;
    }

    /// <summary>
    /// A TLS policy belongs to HTTPS and TLS listeners only: AWS sends none for the others, moto sends its default on
    /// HTTP listeners too, and a check must never read a policy off a listener that does not terminate TLS.
    /// </summary>
    private static Elbv2Listener ParseListener(XmlView m)
    {
        var protocol = m.String("Protocol") ?? "";
        return new Elbv2Listener(
            m.RequiredString("ListenerArn"),
            m.Int("Port") ?? 0,
            protocol,
            protocol is "HTTPS" or "TLS" && m.String("SslPolicy") is { Length: > 0 } policy ? policy : null,
            m.Members("Certificates").Select(c => c.String("CertificateArn")).OfType<string>().ToList(),
            m.Members("DefaultActions").Select(a => a.Element("RedirectConfig") is { } redirect
                ? new Elbv2Action(a.RequiredString("Type"), redirect.String("Protocol"), redirect.String("Port"))
                : new Elbv2Action(a.RequiredString("Type"), null, null)).ToList());
    }

    /// <summary>Follows NextMarker until the last page; a marker that comes back twice, or more than <paramref name="max"/> items, is an error, not an endless or silently shortened list.</summary>
    private async Task<List<T>> PaginateAsync<T>(
        AwsOperation operation, IReadOnlyList<KeyValuePair<string, string>> fixedParameters, int pageSize, int max, Func<XmlView, IEnumerable<T>> items, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>>(fixedParameters) { new("PageSize", pageSize.ToString(CultureInfo.InvariantCulture)) };
            if (marker is not null) parameters.Add(new("Marker", marker));
            var result = await channel.CallAsync(operation, parameters, cancellationToken);
            all.AddRange(items(result));
            marker = result.String("NextMarker") is { Length: > 0 } next ? next : null;
            if (marker is not null && !seen.Add(marker))
                throw new AwsMalformedResponseException(operation.Service, operation.Name, "NextMarker", $"the same marker \"{marker}\" came back twice; pagination would not end");
            if (marker is not null && all.Count >= max)
                throw new AwsMalformedResponseException(operation.Service, operation.Name, "NextMarker",
                    $"more than {max} results in region; the operator reads at most {max} and reports none rather than a partial list");
        }
        while (marker is not null);
        return all;
    }
}
