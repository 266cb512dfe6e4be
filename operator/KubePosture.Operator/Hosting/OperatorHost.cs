using System.Net;
using k8s;
using KubePosture.Api;
using KubePosture.Aws;
using KubePosture.Aws.Collection;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using KubePosture.Inventory;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Exceptions;
using KubePosture.Operator.Health;
using KubePosture.Operator.InventoryCollection;
using KubePosture.Operator.Kube;
using KubePosture.Operator.Metrics;
using KubePosture.Operator.Scans;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using KubePosture.Aws.SecurityHub;
using KubePosture.Operator.Export;
using OpenTelemetry.Metrics;

namespace KubePosture.Operator.Hosting;

/// <summary>
/// Builds the operator process: generic host with Kestrel serving <c>/metrics</c> (OpenTelemetry Prometheus exporter)
/// on the metrics address and <c>/healthz</c>, <c>/readyz</c> on the probe address; JSON console logs; the
/// <see cref="ControllerManager"/>. Tests build it in-process against the Kubernetes emulator.
/// </summary>
public static class OperatorHost
{
    /// <param name="options">The <c>run</c> verb's settings.</param>
    /// <param name="kubeConfig">How to reach the Kubernetes API.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    /// <param name="logging">Replaces the JSON console logging (tests keep logs in memory).</param>
    /// <param name="configureServices">Runs after every registration: tests replace a service (for example the AWS
    /// session factory with one holding the AWS emulator's credentials).</param>
    public static WebApplication Build(OperatorOptions options, KubernetesClientConfiguration kubeConfig, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "kubeposture" });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        var endpoints = new OperatorEndpoints();
        if (OperatorOptions.ParseBindAddress(options.MetricsBindAddress) is null && OperatorOptions.ParseBindAddress(options.HealthProbeBindAddress) is null)
        {
            builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoListenerServer>();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (OperatorOptions.ParseBindAddress(options.MetricsBindAddress) is { } metrics)
            {
                kestrel.Listen(ToAddress(metrics.Host), metrics.Port, l => endpoints.Metrics = l);
            }

            if (OperatorOptions.ParseBindAddress(options.HealthProbeBindAddress) is { } health)
            {
                kestrel.Listen(ToAddress(health.Host), health.Port, l => endpoints.Health = l);
            }
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(endpoints);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(_ => new Kubernetes(kubeConfig));
        services.AddSingleton(sp => new KubeApiClient(sp.GetRequiredService<Kubernetes>()));
        services.AddSingleton(_ => new InventoryStore());
        services.AddSingleton<InventoryCollector>();
        services.AddSingleton<ReadinessState>();
        services.AddSingleton<OperatorMetrics>();
        services.AddSingleton<StatusWriter>();
        services.AddSingleton(sp => new Finalizers(sp.GetRequiredService<KubeApiClient>()));
        services.AddSingleton(sp => new ScanEvents(sp.GetRequiredService<KubeApiClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ScanEvents>>(), options.Identity));
        services.AddSingleton(_ => new ExceptionMatches(options.ControlNamespace));
        services.AddSingleton<PostureExceptionReconciler>();
        services.AddSingleton<KubePosture.Operator.Reports.ReportWriter>();
        // AWS: section "Aws" of the configuration (environment Aws__Region, Aws__ClusterName, Aws__Endpoints__<service>,
        // ...); the region falls back to AWS_REGION / AWS_DEFAULT_REGION (the chart sets AWS_REGION), then to the nodes'
        // providerIDs. Only scans the tenancy rule allows (control namespace, spec.aws.enabled) call AWS.
        var configuration = builder.Configuration;
        services.AddKubePostureAws(aws =>
        {
            configuration.GetSection(AwsOptions.SectionName).Bind(aws);
            aws.Region ??= NonEmpty(configuration["AWS_REGION"]) ?? NonEmpty(configuration["AWS_DEFAULT_REGION"]);
        });
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(sp => new AwsInventoryCollector(sp.GetRequiredService<IAwsSessionFactory>(), NonEmpty(sp.GetRequiredService<IOptions<AwsOptions>>().Value.Region)));
        services.AddSingleton<ControlPlaneVersion>();
        services.AddSingleton<ScanRunner>();
        services.AddSingleton<ObjectCache<PostureScan>>();
        services.AddSingleton<ObjectCache<PostureException>>();
        services.AddSingleton<PostureScanReconciler>();
        // Every series names the cluster: configured, else the EKS cluster name, else the API server's host.
        services.AddSingleton(sp => ClusterIdentity.Resolve(options.ClusterName, NonEmpty(sp.GetRequiredService<IOptions<AwsOptions>>().Value.ClusterName), kubeConfig.Host));
        services.AddSingleton(sp => new KubePosture.Aws.Telemetry.AwsMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<ClusterIdentity>().Name));
        services.AddSingleton(sp => new SecurityHubExporter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SecurityHubScanExport(
            (ISecurityHubSessions)sp.GetRequiredService<IAwsSessionFactory>(), sp.GetRequiredService<SecurityHubExporter>(), sp.GetRequiredService<ClusterIdentity>(),
            sp.GetRequiredService<ScanEvents>(), sp.GetRequiredService<OperatorMetrics>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SecurityHubScanExport>>(), options.ControlNamespace, NonEmpty(sp.GetRequiredService<IOptions<AwsOptions>>().Value.Region),
            sp.GetRequiredService<ObjectCache<PostureScan>>().List));
        services.AddSingleton<ControllerManager>();
        services.AddHostedService(sp => sp.GetRequiredService<ControllerManager>());
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(OperatorMetrics.MeterName)
            .AddMeter(KubePosture.Aws.Telemetry.AwsMetrics.MeterName)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(ctx => ctx.Request.Path == "/metrics" && endpoints.Metrics is not null && ctx.Connection.LocalPort == endpoints.MetricsPort);
        app.Use(async (ctx, next) =>
        {
            if (endpoints.Health is null || ctx.Connection.LocalPort != endpoints.HealthPort)
            {
                await next(ctx);
                return;
            }

            var readiness = ctx.RequestServices.GetRequiredService<ReadinessState>();
            switch (ctx.Request.Path.Value)
            {
                case "/healthz":
                    await ctx.Response.WriteAsync("ok");
                    return;
                case "/readyz":
                    var (ready, detail) = readiness.Check();
                    ctx.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                    await ctx.Response.WriteAsync(detail);
                    return;
                default:
                    await next(ctx);
                    return;
            }
        });
        return app;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IPAddress ToAddress(string host) =>
        host switch
        {
            "0.0.0.0" or "*" => IPAddress.Any,
            "::" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out var ip) ? ip : throw new FormatException($"bind address host \"{host}\": not an IP address; use 0.0.0.0, 127.0.0.1 or ::"),
        };
}
