using Amazon.Runtime;
using KubePosture.Aws;
using KubePosture.Aws.Ports;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsEmulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubePosture.EndToEnd.Tests.Support;

/// <summary>
/// The operator host's AWS session factory pointed at the AWS emulator: every service at the emulator (unless
/// <c>configure</c> overrides an endpoint), its credentials, fast retries. The rest of the AWS wiring is production's.
/// </summary>
internal static class EmulatedAws
{
    public static Action<IServiceCollection> Services(AwsEmulatorServer aws, Action<AwsOptions>? configure = null) => services =>
        services.AddSingleton<IAwsSessionFactory>(sp =>
        {
            var options = new AwsOptions
            {
                Region = "us-west-2",
                Endpoints = new(StringComparer.OrdinalIgnoreCase) { ["*"] = aws.BaseUrl },
                RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                RetryMaxDelay = TimeSpan.FromMilliseconds(2),
                AttemptTimeout = TimeSpan.FromSeconds(10),
            };
            configure?.Invoke(options);
            var (key, secret) = aws.Credentials;
            return new AwsSessionFactory(options, sp.GetRequiredService<AwsMetrics>(), TimeProvider.System, sp.GetService<ILoggerFactory>(), null, new BasicAWSCredentials(key, secret));
        });
}
