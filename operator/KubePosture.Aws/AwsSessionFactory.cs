using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SimpleSystemsManagement;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Credentials;
using KubePosture.Aws.Ec2;
using KubePosture.Aws.Ecr;
using KubePosture.Aws.Ecs;
using KubePosture.Aws.Eks;
using KubePosture.Aws.Http;
using KubePosture.Aws.Detection;
using KubePosture.Aws.Elbv2;
using KubePosture.Aws.Iam;
using KubePosture.Aws.Kms;
using KubePosture.Aws.Logs;
using KubePosture.Aws.Ports;
using KubePosture.Aws.Resilience;
using KubePosture.Aws.SecurityHub;
using KubePosture.Aws.Ssm;
using KubePosture.Aws.Sts;
using KubePosture.Aws.Telemetry;
using KubePosture.Checks.Aws;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubePosture.Aws;

/// <summary>
/// Creates sessions (one per region, role and endpoint set) and keeps them, so caches and assumed-role credentials
/// survive from one scan to the next. Base credentials come from AWSSDK.Core's default chain unless given.
/// </summary>
public sealed class AwsSessionFactory : IAwsSessionFactory, ISecurityHubSessions, IDisposable
{
    private readonly AwsOptions _options;
    private readonly AwsMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AWSCredentials? _baseCredentials;
    private readonly AwsResilience _resilience;
    private readonly ConcurrentDictionary<string, Lazy<AwsSession>> _sessions = new();

    public AwsSessionFactory(
        AwsOptions options, AwsMetrics metrics, TimeProvider time, ILoggerFactory? loggers = null, HttpClient? http = null, AWSCredentials? baseCredentials = null)
    {
        _options = options;
        _metrics = metrics;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _baseCredentials = baseCredentials;
        _resilience = new AwsResilience(options, time);
    }

    /// <summary>Calls made so far are visible through the metrics; this exposes the shared limiter for tests and hosts.</summary>
    public AwsResilience Resilience => _resilience;

    public IAwsSession GetSession(AwsSessionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Region))
            throw new ArgumentException("region \"\": no AWS region configured or discovered; set aws.region or make sure nodes carry an aws:/// providerID", nameof(request));
        if (request.RoleArn is { } role && (!AwsArn.TryParse(role, out var arn) || arn.Service != "iam" || arn.ResourceType != "role"))
            throw new ArgumentException($"roleArn \"{role}\": not an IAM role ARN; expected arn:aws:iam::<account>:role/<name>", nameof(request));
        var overrides = MergeOverrides(request.EndpointOverrides);
        var key = $"{request.Region}|{request.RoleArn}|{string.Join(';', overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"))}";
        return _sessions.GetOrAdd(key, _ => new Lazy<AwsSession>(() => Create(request.Region, request.RoleArn, overrides))).Value;
    }

    /// <summary>Security Hub in the session's region and identity, and that identity's account (STS, cached).</summary>
    public async Task<(ISecurityHubPort SecurityHub, string AccountId, string Partition)> GetSecurityHubAsync(AwsSessionRequest request, CancellationToken cancellationToken)
    {
        var session = (AwsSession)GetSession(request);
        var identity = await session.Sts.GetCallerIdentityAsync(cancellationToken);
        return (session.SecurityHub, identity.Account, session.Partition);
    }

    private Dictionary<string, string> MergeOverrides(IReadOnlyDictionary<string, string>? perScan)
    {
        var merged = new Dictionary<string, string>(_options.Endpoints, StringComparer.OrdinalIgnoreCase);
        if (perScan is not null) foreach (var (service, url) in perScan) merged[service] = url;
        return merged;
    }

    private AwsSession Create(string region, string? roleArn, Dictionary<string, string> overrides)
    {
        var endpoints = new AwsEndpoints(region, overrides);
        foreach (var service in overrides.Keys) endpoints.Override(service == "*" ? "ecr" : service); // validates every URL now, not on first call

        AWSCredentials baseCredentials = _baseCredentials ?? new DeferredCredentials(() => AwsCredentialSource.ResolveDefaultAsync(region, CancellationToken.None));
        var logger = _loggers.CreateLogger("KubePosture.Aws");

        // STS for AssumeRole runs with the base credentials; everything else with the session's credentials.
        var baseCaller = new AwsCaller(endpoints, async _ => await baseCredentials.GetCredentialsAsync(), _http, _resilience, _metrics, _time, logger);
        var baseSts = new AmazonSecurityTokenServiceClient(baseCredentials, Configure(new AmazonSecurityTokenServiceConfig(), endpoints, "sts"));
        AWSCredentials credentials = roleArn is null
            ? baseCredentials
            : new AssumedRoleCredentials(baseSts, baseCaller, roleArn, _options.RoleSessionName);

        var caller = roleArn is null ? baseCaller : new AwsCaller(endpoints, async _ => await credentials.GetCredentialsAsync(), _http, _resilience, _metrics, _time, logger);
        var ec2 = new AmazonEC2Client(credentials, Configure(new AmazonEC2Config(), endpoints, "ec2"));
        var ssm = new AmazonSimpleSystemsManagementClient(credentials, Configure(new AmazonSimpleSystemsManagementConfig(), endpoints, "ssm"));
        var sts = roleArn is null ? baseSts : new AmazonSecurityTokenServiceClient(credentials, Configure(new AmazonSecurityTokenServiceConfig(), endpoints, "sts"));

        DescribeCache Cache(string service, TimeSpan ttl) => new(service, ttl, _time, _metrics);
        return new AwsSession(region, roleArn,
            new EcrClient(new AwsJsonChannel(caller, EcrClient.TargetPrefix), Cache("ecr", _options.DescribeCacheTtl), new EcrFindingsCache(_metrics),
                new EcrImageCache(_options.EcrImageRecheckInterval, _time, _metrics)),
            new EksClient(new RestJsonChannel(caller), Cache("eks", _options.EksCacheTtl)),
            new Ec2Adapter(ec2, caller, Cache("ec2", _options.DescribeCacheTtl)),
            new SsmAdapter(ssm, caller, Cache("ssm", _options.DescribeCacheTtl)),
            new IamClient(new QueryChannel(caller, IamClient.ApiVersion), Cache("iam", _options.IamCacheTtl)),
            new EcsClient(new AwsJsonChannel(caller, EcsClient.TargetPrefix), Cache("ecs", _options.DescribeCacheTtl)),
            new StsAdapter(sts, caller, Cache("sts", _options.SessionIdleTtl)),
            new KmsClient(new AwsJsonChannel(caller, KmsClient.TargetPrefix), Cache("kms", _options.DescribeCacheTtl)),
            new LogsClient(new AwsJsonChannel(caller, LogsClient.TargetPrefix), Cache("logs", _options.DescribeCacheTtl)),
            new GuardDutyClient(new RestJsonChannel(caller), Cache("guardduty", _options.DescribeCacheTtl)),
            new InspectorClient(new RestJsonChannel(caller), Cache("inspector2", _options.DescribeCacheTtl)),
            new Elbv2Client(new QueryChannel(caller, Elbv2Client.ApiVersion), Cache("elasticloadbalancing", _options.DescribeCacheTtl)),
            new Wafv2Client(new AwsJsonChannel(caller, Wafv2Client.TargetPrefix), Cache("wafv2", _options.DescribeCacheTtl)),
            new Disposables(ec2, ssm, sts, baseSts))
        {
            SecurityHub = new SecurityHubClient(new RestJsonChannel(caller)),
        };
    }

    private T Configure<T>(T config, AwsEndpoints endpoints, string service) where T : ClientConfig
    {
        var endpoint = endpoints.For(service);
        if (endpoints.Override(service) is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = endpoint.SigningRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoints.Region);
        }
        config.MaxErrorRetry = 0; // retries are the access layer's (one policy, one set of metrics)
        config.Timeout = _options.AttemptTimeout;
        return config;
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values.Where(s => s.IsValueCreated)) session.Value.Dispose();
        _resilience.Dispose();
        if (_ownsHttp) _http.Dispose();
    }

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
