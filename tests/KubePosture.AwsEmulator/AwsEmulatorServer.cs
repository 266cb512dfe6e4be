using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;
using KubePosture.AwsEmulator.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubePosture.AwsEmulator;

/// <summary>Options of an emulator instance.</summary>
public sealed class AwsEmulatorOptions
{
    /// <summary>0 lets the OS choose.</summary>
    public int Port { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// One loopback HTTP server answering ECR, ECS, SSM, KMS, CloudWatch Logs, WAFv2 (awsJson1_1), EKS, Security Hub, GuardDuty,
/// Inspector (restJson1), IAM, STS, ELBv2 (awsQuery) and EC2 (ec2 query) from an account fixture. Requests are routed by
/// X-Amz-Target, form Action/Version, the signature's service or path, and must carry a
/// well-formed SigV4 Authorization header scoped to the routed service and the account's region (IAM: the partition's
/// signing region). Faults can be injected per operation; every request is logged.
/// </summary>
public sealed class AwsEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, IEmulatedService> _services;
    private readonly Identities _identities = new();

    private AwsEmulatorServer(WebApplication app, AccountFixture fixture, AwsEmulatorOptions options)
    {
        _app = app;
        Fixture = fixture;
        SecurityHub = new SecurityHubService(fixture);
        foreach (var (key, secret, arn) in fixture.Credentials) _identities.Add(new Identities.Identity(key, secret, null, arn, "AIDAEXAMPLEOPERATOR"));
        var iam = new IamService(fixture);
        _services = new IEmulatedService[]
        {
            new EcrService(fixture), new EcsService(fixture), new SsmService(fixture), new EksService(fixture), iam, new Ec2Service(fixture),
            new StsService(fixture, iam, _identities, options.Time), SecurityHub, new KmsService(fixture), new LogsService(fixture), new GuardDutyService(fixture), new InspectorService(fixture),
            new Elbv2Service(fixture), new Wafv2Service(fixture),
        }.ToDictionary(s => s.Name);
    }

    public AccountFixture Fixture { get; }

    /// <summary>The emulated Security Hub: its stored findings, partial failures to inject, customer workflow edits.</summary>
    public SecurityHubService SecurityHub { get; }

    public string BaseUrl { get; private set; } = "";

    public FaultInjector Faults { get; } = new();

    public RequestLog Requests { get; } = new();

    /// <summary>Unexpected exceptions of handlers (emulator defects), with their stack traces.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> EmulatorFailures { get; } = new();

    /// <summary>Every emulated operation, as "service:Operation".</summary>
    public IReadOnlyList<string> Operations => _services.Values.SelectMany(s => s.Operations.Select(o => $"{s.Name}:{o}")).ToArray();

    /// <summary>The fixture's first access key (what tests sign with).</summary>
    public (string AccessKeyId, string SecretAccessKey) Credentials => Fixture.Credentials.Select(c => (c.AccessKeyId, c.SecretAccessKey)).FirstOrDefault();

    public static Task<AwsEmulatorServer> StartAsync(string fixtureYamlOrPath, AwsEmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(FixtureLoader.Load(fixtureYamlOrPath), options, cancellationToken);

    /// <summary>Starts from a fixture tree built in code (synthetic accounts for the scale benchmark): the loaded form,
    /// timestamps as epoch seconds.</summary>
    public static async Task<AwsEmulatorServer> StartAsync(JsonObject fixtureTree, AwsEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AwsEmulatorOptions();
        var fixture = new AccountFixture(fixtureTree);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var server = new AwsEmulatorServer(app, fixture, options);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var protocol = EmulatorProtocol.AwsJson;
        string service = "?", operation = "?";
        SigV4Check.Scope? scope = null;
        EmulatorResponse response;
        try
        {
            var request = Route(context, body, rawTarget);
            protocol = request.Protocol;
            service = request.Service;
            operation = request.Operation;
            if (!(service == "sts" && StsService.IsUnsigned(operation)))
            {
                scope = SigV4Check.Parse(context.Request.Headers.Authorization.ToString(), context.Request.Headers["X-Amz-Date"].ToString());
                SigV4Check.RequireScope(scope, service, SigningRegions(service));
                var identity = _identities.Find(scope.AccessKeyId)
                    ?? throw new EmulatorErrorException(403, protocol is EmulatorProtocol.AwsJson or EmulatorProtocol.RestJson ? "UnrecognizedClientException" : "InvalidClientTokenId",
                        "The security token included in the request is invalid.");
                if (identity.SessionToken is not null && context.Request.Headers["X-Amz-Security-Token"].ToString() != identity.SessionToken)
                    throw new EmulatorErrorException(403, protocol is EmulatorProtocol.AwsJson or EmulatorProtocol.RestJson ? "UnrecognizedClientException" : "InvalidClientTokenId",
                        "The security token included in the request is invalid.");
                request.AccessKeyId = identity.AccessKeyId;
                request.CallerArn = identity.Arn;
            }
            response = await ApplyFaultAsync(request, context.RequestAborted) ?? _services[service].Handle(request);
        }
        catch (EmulatorErrorException e)
        {
            response = Wire.Error(protocol, e.Status, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Requests.Add(new RequestLogEntry(service, operation, context.Request.Method, rawTarget, scope?.AccessKeyId, scope?.Region, 499));
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An emulator defect (or a fixture it cannot read): an AWS-shaped 500 whose message says what broke, so the
            // client's error and the request log show it instead of a bare HTTP 500.
            response = Wire.Error(protocol, 500, "EmulatorFailure", $"{service}:{operation}: {e.GetType().Name}: {e.Message}");
            EmulatorFailures.Enqueue($"{service}:{operation}: {e}");
        }
        Requests.Add(new RequestLogEntry(service, operation, context.Request.Method, rawTarget, scope?.AccessKeyId, scope?.Region, response.Status));
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (response.Headers is not null)
            foreach (var (k, v) in response.Headers) context.Response.Headers[k] = v;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private string[] SigningRegions(string service) => service switch
    {
        "iam" => [Fixture.Partition switch { "aws-cn" => "cn-north-1", "aws-us-gov" => "us-gov-west-1", _ => "us-east-1" }],
        "sts" => [Fixture.Region, "us-east-1"],
        _ => [Fixture.Region],
    };

    private async Task<EmulatorResponse?> ApplyFaultAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var fault = Faults.Take($"{request.Service}:{request.Operation}");
        if (fault is null) return null;
        switch (fault.Kind)
        {
            case AwsFaultKind.Latency:
                await Task.Delay(fault.Latency, cancellationToken);
                return null;
            case AwsFaultKind.RawBody:
                return new EmulatorResponse(fault.Status, fault.ContentType ?? "application/octet-stream", Encoding.UTF8.GetBytes(fault.Body ?? ""));
            case AwsFaultKind.AccessDenied:
            {
                var action = $"{request.Service}:{request.Operation}";
                var message = $"User: {request.CallerArn} is not authorized to perform: {action} on resource: arn:{Fixture.Partition}:{request.Service}:{Fixture.Region}:{Fixture.Account}:* because no identity-based policy allows the {action} action";
                return request.Protocol switch
                {
                    EmulatorProtocol.Ec2Query => Wire.Error(request.Protocol, 403, "UnauthorizedOperation", "You are not authorized to perform this operation. " + message),
                    EmulatorProtocol.Query => Wire.Error(request.Protocol, 403, "AccessDenied", message),
                    EmulatorProtocol.RestJson => Wire.Error(request.Protocol, 403, "AccessDeniedException", message),
                    _ => Wire.Error(request.Protocol, 400, "AccessDeniedException", message),
                };
            }
            case AwsFaultKind.Throttling:
                return request.Protocol switch
                {
                    EmulatorProtocol.Ec2Query => Wire.Error(request.Protocol, 503, "RequestLimitExceeded", "Request limit exceeded."),
                    EmulatorProtocol.Query => Wire.Error(request.Protocol, 400, "Throttling", "Rate exceeded"),
                    EmulatorProtocol.RestJson => Wire.Error(request.Protocol, 429, "TooManyRequestsException", "Rate exceeded"),
                    _ => Wire.Error(request.Protocol, 400, "ThrottlingException", "Rate exceeded"),
                };
            default:
                return Wire.Error(request.Protocol, 500, request.Protocol is EmulatorProtocol.Query or EmulatorProtocol.Ec2Query ? "InternalFailure" : "InternalServerException",
                    "We encountered an internal error. Please try again.");
        }
    }

    /// <summary>A JSON request body as an object (empty: {}); not JSON answers SerializationException with the service's own wording.</summary>
    private static JsonObject JsonBody(byte[] body, string notJsonMessage)
    {
        try
        {
            return body.Length == 0 ? new JsonObject() : JsonNode.Parse(body) as JsonObject ?? throw new EmulatorErrorException(400, "SerializationException", "Expected a JSON object");
        }
        catch (JsonException)
        {
            throw new EmulatorErrorException(400, "SerializationException", notJsonMessage);
        }
    }

    private EmulatorRequest Route(HttpContext context, byte[] body, string rawTarget)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (!string.IsNullOrEmpty(target))
        {
            var dot = target.LastIndexOf('.');
            var prefix = dot > 0 ? target[..dot] : target;
            var operation = dot > 0 ? target[(dot + 1)..] : "";
            var service = prefix switch
            {
                "AmazonEC2ContainerRegistry_V20150921" => "ecr",
                "AmazonEC2ContainerServiceV20141113" => "ecs",
                "AmazonSSM" => "ssm",
                "TrentService" => "kms",
                "Logs_20140328" => "logs",
                "AWSWAF_20190729" => "wafv2",
                _ => throw new EmulatorErrorException(400, "UnknownOperationException", $"X-Amz-Target {target} is not an emulated service"),
            };
            if (!_services[service].Operations.Contains(operation))
                throw new EmulatorErrorException(400, "UnknownOperationException", $"{target} is not an emulated operation");
            var json = JsonBody(body, "Start of structure or map found where not expected.");
            return new EmulatorRequest { Service = service, Operation = operation, Protocol = EmulatorProtocol.AwsJson, Json = json };
        }

        if (HttpMethods.IsPost(context.Request.Method) && SecurityHubService.Route(rawTarget.Split('?')[0]) is { } securityHubOperation)
        {
            var json = JsonBody(body, "Start of structure or map found where not expected.");
            return new EmulatorRequest { Service = "securityhub", Operation = securityHubOperation, Protocol = EmulatorProtocol.RestJson, Json = json };
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            var version = form.GetValueOrDefault("Version");
            var action = form.GetValueOrDefault("Action") ?? throw new EmulatorErrorException(400, "MissingAction", "Missing Action");
            var (service, protocol) = version switch
            {
                "2010-05-08" => ("iam", EmulatorProtocol.Query),
                "2011-06-15" => ("sts", EmulatorProtocol.Query),
                "2016-11-15" => ("ec2", EmulatorProtocol.Ec2Query),
                "2015-12-01" => ("elasticloadbalancing", EmulatorProtocol.Query),
                _ => throw new EmulatorErrorException(400, "InvalidParameterValue",
                    $"Version {version} is not an emulated API version (IAM 2010-05-08, STS 2011-06-15, EC2 2016-11-15, ELBv2 2015-12-01)"),
            };
            if (!_services[service].Operations.Contains(action))
                throw new EmulatorErrorException(400, "InvalidAction", $"Could not find operation {action} for version {version}");
            return new EmulatorRequest { Service = service, Operation = action, Protocol = protocol, Parameters = form };
        }

        // restJson1 services other than EKS are told apart by the service their signature is scoped to.
        var scopeService = SigV4Check.ServiceOf(context.Request.Headers.Authorization.ToString());
        if (scopeService is "guardduty" or "inspector2")
        {
            var pathPart = rawTarget.Split('?')[0];
            var segments = pathPart.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            var restRoute = (scopeService == "guardduty" ? GuardDutyService.Route(context.Request.Method, segments) : InspectorService.Route(context.Request.Method, segments))
                ?? throw new EmulatorErrorException(404, "UnknownOperationException", $"No {scopeService} operation at {context.Request.Method} {pathPart}");
            var json = JsonBody(body, "The request body is not JSON.");
            var restQuery = QueryHelpers.ParseQuery(context.Request.QueryString.Value).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            return new EmulatorRequest { Service = scopeService, Operation = restRoute.Operation, Protocol = EmulatorProtocol.RestJson, Labels = restRoute.Labels, Parameters = restQuery, Json = json };
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            var pathPart = rawTarget.Split('?')[0];
            var segments = pathPart.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            var route = EksService.Route(segments) ?? throw new EmulatorErrorException(404, "UnknownOperationException", $"No EKS operation at {pathPart}");
            var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            return new EmulatorRequest { Service = "eks", Operation = route.Operation, Protocol = EmulatorProtocol.RestJson, Labels = route.Labels, Parameters = query };
        }

        throw new EmulatorErrorException(400, "UnknownOperationException", $"{context.Request.Method} {rawTarget} is not an emulated AWS request");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
