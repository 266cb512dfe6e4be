using KubePosture.Aws.Ports;
using KubePosture.Aws.Telemetry;
using KubePosture.Checks.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubePosture.Aws;

/// <summary>Registration of the AWS access layer in a host.</summary>
public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAwsSessionFactory"/> (singleton: sessions and caches live as long as the process) and
    /// <see cref="AwsMetrics"/>. Bind <see cref="AwsOptions"/> from configuration section "Aws" in the host.
    /// </summary>
    public static IServiceCollection AddKubePostureAws(this IServiceCollection services, Action<AwsOptions>? configure = null)
    {
        var options = services.AddOptions<AwsOptions>()
            .Validate(o => o.MaxRetries is >= 0 and <= 20, "Aws:MaxRetries must be between 0 and 20")
            .Validate(o => o.Limits.Values.All(l => l.RequestsPerSecond > 0 && l.Burst >= 1 && l.MaxConcurrency >= 1),
                "Aws:Limits: every service needs RequestsPerSecond > 0, Burst >= 1 and MaxConcurrency >= 1");
        if (configure is not null) options.Configure(configure);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AwsMetrics>();
        services.AddSingleton<IAwsSessionFactory>(sp => new AwsSessionFactory(
            sp.GetRequiredService<IOptions<AwsOptions>>().Value,
            sp.GetRequiredService<AwsMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return services;
    }
}
