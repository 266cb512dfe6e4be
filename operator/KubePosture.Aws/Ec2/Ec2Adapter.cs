using Amazon.EC2;
using Amazon.EC2.Model;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Ec2;

/// <summary>Amazon EC2 through the official AWSSDK.EC2 client, under the access layer's limits, retries, metrics and caches.</summary>
internal sealed class Ec2Adapter(IAmazonEC2 ec2, AwsCaller caller, DescribeCache cache) : IEc2Port
{
    public Task<IReadOnlyList<Ec2Instance>> DescribeClusterInstancesAsync(string clusterName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.Ec2DescribeInstances, "cluster:" + clusterName, ct => DescribeAsync(
            () => new DescribeInstancesRequest { Filters = [new Filter("tag:aws:eks:cluster-name", [clusterName])], MaxResults = 1000 }, ct), cancellationToken);

    public Task<IReadOnlyList<Ec2Instance>> DescribeInstancesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        instanceIds.Count == 0 ? Task.FromResult<IReadOnlyList<Ec2Instance>>([]) :
        cache.GetAsync(Op.Ec2DescribeInstances, "ids:" + string.Join(',', instanceIds), async ct =>
        {
            // An instance-id filter, not InstanceIds: EC2 fails the whole call with InvalidInstanceID.NotFound when one id
            // is unknown (a Node object left behind by a terminated instance); a filter simply leaves it out, and the
            // node is reported without its instance. At most 200 values per filter.
            var result = new List<Ec2Instance>();
            foreach (var batch in instanceIds.Distinct(StringComparer.Ordinal).Chunk(InstanceIdFilterBatch))
                result.AddRange(await DescribeAsync(() => new DescribeInstancesRequest { Filters = [new Filter("instance-id", [.. batch])], MaxResults = 1000 }, ct));
            return (IReadOnlyList<Ec2Instance>)result;
        }, cancellationToken);

    private const int InstanceIdFilterBatch = 200;

    private async Task<IReadOnlyList<Ec2Instance>> DescribeAsync(Func<DescribeInstancesRequest> request, CancellationToken cancellationToken)
    {
        var result = new List<Ec2Instance>();
        string? token = null;
        do
        {
            var r = request();
            r.NextToken = token;
            var page = await caller.RunSdkAsync(Op.Ec2DescribeInstances, ct => ec2.DescribeInstancesAsync(r, ct), cancellationToken);
            foreach (var reservation in page.Reservations ?? [])
                foreach (var i in reservation.Instances ?? [])
                    result.Add(ToRecord(i));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
        return result;
    }

    private static Ec2Instance ToRecord(Instance i) => new(
        i.InstanceId,
        i.State?.Name?.Value ?? "",
        i.InstanceType?.Value,
        i.ImageId,
        i.SubnetId,
        i.VpcId,
        i.PrivateIpAddress,
        string.IsNullOrEmpty(i.PublicIpAddress) ? null : i.PublicIpAddress,
        i.PrivateDnsName,
        (i.SecurityGroups ?? []).Select(g => g.GroupId).ToArray(),
        i.IamInstanceProfile?.Arn,
        i.MetadataOptions is { } m ? new Ec2MetadataOptions(m.HttpTokens?.Value, m.HttpPutResponseHopLimit, m.HttpEndpoint?.Value, m.State?.Value) : null,
        (i.Tags ?? []).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First().Value ?? ""),
        i.LaunchTime is { } launched ? new DateTimeOffset(DateTime.SpecifyKind(launched.ToUniversalTime(), DateTimeKind.Utc)) : null);

    public Task<IReadOnlyList<Ec2SecurityGroup>> DescribeSecurityGroupsAsync(IReadOnlyList<string> groupIds, CancellationToken cancellationToken) =>
        groupIds.Count == 0 ? Task.FromResult<IReadOnlyList<Ec2SecurityGroup>>([]) :
        cache.GetAsync(Op.Ec2DescribeSecurityGroups, string.Join(',', groupIds), async ct =>
        {
            var result = new List<Ec2SecurityGroup>();
            string? token = null;
            do
            {
                // By filter, not GroupIds: one id that no longer exists (a deleted remote-access group) would fail the whole call.
                var request = new DescribeSecurityGroupsRequest { Filters = [new Filter("group-id", [.. groupIds])], NextToken = token };
                var page = await caller.RunSdkAsync(Op.Ec2DescribeSecurityGroups, c => ec2.DescribeSecurityGroupsAsync(request, c), ct);
                result.AddRange((page.SecurityGroups ?? []).Select(g => new Ec2SecurityGroup(g.GroupId, g.GroupName ?? "", g.Description, g.VpcId,
                    (g.IpPermissions ?? []).Select(ToRule).ToArray(), (g.IpPermissionsEgress ?? []).Select(ToRule).ToArray())));
                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
            return (IReadOnlyList<Ec2SecurityGroup>)result;
        }, cancellationToken);

    private static Ec2SecurityGroupRule ToRule(IpPermission p) => new(
        p.IpProtocol ?? "-1",
        p.FromPort,
        p.ToPort,
        (p.Ipv4Ranges ?? []).Select(r => r.CidrIp).ToArray(),
        (p.Ipv6Ranges ?? []).Select(r => r.CidrIpv6).ToArray(),
        (p.UserIdGroupPairs ?? []).Select(g => g.GroupId).ToArray(),
        (p.PrefixListIds ?? []).Select(l => l.Id).ToArray());

    public Task<IReadOnlyList<Ec2FlowLog>> DescribeFlowLogsAsync(IReadOnlyList<string> resourceIds, CancellationToken cancellationToken) =>
        resourceIds.Count == 0 ? Task.FromResult<IReadOnlyList<Ec2FlowLog>>([]) :
        cache.GetAsync(Op.Ec2DescribeFlowLogs, string.Join(',', resourceIds), async ct =>
        {
            var result = new List<Ec2FlowLog>();
            string? token = null;
            do
            {
                var request = new DescribeFlowLogsRequest { Filter = [new Filter("resource-id", [.. resourceIds])], NextToken = token };
                var page = await caller.RunSdkAsync(Op.Ec2DescribeFlowLogs, c => ec2.DescribeFlowLogsAsync(request, c), ct);
                result.AddRange((page.FlowLogs ?? []).Select(f => new Ec2FlowLog(f.FlowLogId, f.ResourceId, f.TrafficType?.Value, f.FlowLogStatus,
                    f.DeliverLogsStatus, f.LogDestinationType?.Value, f.LogDestination)));
                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
            return (IReadOnlyList<Ec2FlowLog>)result;
        }, cancellationToken);

    public Task<Ec2LaunchTemplateVersion?> DescribeLaunchTemplateVersionAsync(string? templateId, string? templateName, string version, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(templateId) && string.IsNullOrEmpty(templateName))
            throw new ArgumentException("launch template: neither id nor name given; pass the node group's launchTemplate id or name", nameof(templateId));
        return cache.GetAsync(Op.Ec2DescribeLaunchTemplateVersions, $"{templateId}|{templateName}|{version}", async ct =>
        {
            var request = new DescribeLaunchTemplateVersionsRequest { Versions = [version] };
            if (!string.IsNullOrEmpty(templateId)) request.LaunchTemplateId = templateId;
            else request.LaunchTemplateName = templateName;
            try
            {
                var page = await caller.RunSdkAsync(Op.Ec2DescribeLaunchTemplateVersions, c => ec2.DescribeLaunchTemplateVersionsAsync(request, c), ct);
                return page.LaunchTemplateVersions?.FirstOrDefault() is { } v ? ToRecord(v) : null;
            }
            catch (AwsServiceException e) when (e.ErrorCode.StartsWith("InvalidLaunchTemplate", StringComparison.Ordinal))
            {
                return (Ec2LaunchTemplateVersion?)null; // InvalidLaunchTemplateId.NotFound, InvalidLaunchTemplateName.NotFoundException, ...VersionNotFound
            }
        }, cancellationToken);
    }

    private static Ec2LaunchTemplateVersion ToRecord(LaunchTemplateVersion v)
    {
        var data = v.LaunchTemplateData;
        var metadata = data?.MetadataOptions is { } m ? new Ec2MetadataOptions(m.HttpTokens?.Value, m.HttpPutResponseHopLimit, m.HttpEndpoint?.Value, m.State?.Value) : null;
        var interfaces = data?.NetworkInterfaces ?? [];
        bool? publicIp = interfaces.Count == 0 ? null : interfaces.Any(i => i.AssociatePublicIpAddress == true);
        return new Ec2LaunchTemplateVersion(v.LaunchTemplateId, v.LaunchTemplateName, v.VersionNumber ?? 0, metadata, publicIp, DecodeUserData(data?.UserData));
    }

    /// <summary>User data is base64; text that is not base64 (or not UTF-8) is kept as it came, never dropped.</summary>
    internal static string? DecodeUserData(string? userData)
    {
        if (string.IsNullOrEmpty(userData)) return null;
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(userData));
        }
        catch (FormatException)
        {
            return userData;
        }
    }

    public Task<bool> GetEbsEncryptionByDefaultAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(Op.Ec2GetEbsEncryptionByDefault, "", async ct =>
            (await caller.RunSdkAsync(Op.Ec2GetEbsEncryptionByDefault, c => ec2.GetEbsEncryptionByDefaultAsync(new GetEbsEncryptionByDefaultRequest(), c), ct)).EbsEncryptionByDefault ?? false,
            cancellationToken);

    public Task<IReadOnlyList<Ec2Volume>> DescribeVolumesAsync(IReadOnlyList<string> volumeIds, CancellationToken cancellationToken) =>
        volumeIds.Count == 0 ? Task.FromResult<IReadOnlyList<Ec2Volume>>([]) :
        cache.GetAsync(Op.Ec2DescribeVolumes, string.Join(',', volumeIds), async ct =>
        {
            var result = new List<Ec2Volume>();
            foreach (var batch in volumeIds.Distinct(StringComparer.Ordinal).Chunk(InstanceIdFilterBatch))
            {
                string? token = null;
                do
                {
                    var request = new DescribeVolumesRequest { Filters = [new Filter("volume-id", [.. batch])], NextToken = token, MaxResults = 500 };
                    var page = await caller.RunSdkAsync(Op.Ec2DescribeVolumes, c => ec2.DescribeVolumesAsync(request, c), ct);
                    result.AddRange((page.Volumes ?? []).Select(v => new Ec2Volume(v.VolumeId, v.Encrypted ?? false, v.KmsKeyId, v.State?.Value)));
                    token = page.NextToken;
                }
                while (!string.IsNullOrEmpty(token));
            }
            return (IReadOnlyList<Ec2Volume>)result;
        }, cancellationToken);
}
