using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Ssm;

/// <summary>AWS Systems Manager through the official AWSSDK.SimpleSystemsManagement client.</summary>
internal sealed class SsmAdapter(IAmazonSimpleSystemsManagement ssm, AwsCaller caller, DescribeCache cache) : ISsmPort
{
    private const int InstanceBatch = 50;

    public Task<SsmParameter?> GetParameterAsync(string name, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.SsmGetParameter, name, async ct =>
        {
            try
            {
                var p = (await caller.RunSdkAsync(Op.SsmGetParameter, c => ssm.GetParameterAsync(new GetParameterRequest { Name = name }, c), ct)).Parameter;
                return p is null ? null : new SsmParameter(p.Name, p.Type?.Value ?? "", p.Value ?? "", p.Version ?? 0, ToOffset(p.LastModifiedDate));
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ParameterNotFound")
            {
                return (SsmParameter?)null;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<SsmPatchState>> DescribeInstancePatchStatesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        instanceIds.Count == 0 ? Task.FromResult<IReadOnlyList<SsmPatchState>>([]) :
        cache.GetAsync(Op.SsmDescribeInstancePatchStates, string.Join(',', instanceIds), async ct =>
        {
            var result = new List<SsmPatchState>();
            foreach (var batch in instanceIds.Chunk(InstanceBatch))
            {
                string? token = null;
                do
                {
                    var request = new DescribeInstancePatchStatesRequest { InstanceIds = [.. batch], NextToken = token, MaxResults = 50 };
                    var page = await caller.RunSdkAsync(Op.SsmDescribeInstancePatchStates, c => ssm.DescribeInstancePatchStatesAsync(request, c), ct);
                    result.AddRange((page.InstancePatchStates ?? []).Select(s => new SsmPatchState(s.InstanceId, s.PatchGroup, s.BaselineId,
                        s.CriticalNonCompliantCount ?? 0, s.SecurityNonCompliantCount ?? 0, s.OtherNonCompliantCount ?? 0, s.MissingCount ?? 0, s.FailedCount ?? 0,
                        s.InstalledCount ?? 0, s.InstalledPendingRebootCount ?? 0, s.Operation?.Value, ToOffset(s.OperationStartTime), ToOffset(s.OperationEndTime))));
                    token = page.NextToken;
                }
                while (!string.IsNullOrEmpty(token));
            }
            return (IReadOnlyList<SsmPatchState>)result;
        }, cancellationToken);

    public Task<IReadOnlyList<SsmInstanceInformation>> DescribeInstanceInformationAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        instanceIds.Count == 0 ? Task.FromResult<IReadOnlyList<SsmInstanceInformation>>([]) :
        cache.GetAsync(Op.SsmDescribeInstanceInformation, string.Join(',', instanceIds), async ct =>
        {
            var result = new List<SsmInstanceInformation>();
            foreach (var batch in instanceIds.Chunk(InstanceBatch))
            {
                string? token = null;
                do
                {
                    var request = new DescribeInstanceInformationRequest
                    {
                        Filters = [new InstanceInformationStringFilter { Key = "InstanceIds", Values = [.. batch] }],
                        NextToken = token,
                        MaxResults = 50,
                    };
                    var page = await caller.RunSdkAsync(Op.SsmDescribeInstanceInformation, c => ssm.DescribeInstanceInformationAsync(request, c), ct);
                    result.AddRange((page.InstanceInformationList ?? []).Select(i => new SsmInstanceInformation(i.InstanceId, i.PingStatus?.Value, ToOffset(i.LastPingDateTime),
                        i.AgentVersion, i.IsLatestVersion, i.PlatformType?.Value, i.PlatformName, i.PlatformVersion)));
                    token = page.NextToken;
                }
                while (!string.IsNullOrEmpty(token));
            }
            return (IReadOnlyList<SsmInstanceInformation>)result;
        }, cancellationToken);

    private static DateTimeOffset? ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc)) : null;
}
