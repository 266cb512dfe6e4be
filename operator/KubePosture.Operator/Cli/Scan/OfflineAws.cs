using KubePosture.Aws;
using KubePosture.Aws.Collection;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>What <c>kubeposture scan --aws</c> asks of AWS: the flags, each falling back to the operator's configuration.</summary>
public sealed record OfflineAwsRequest(string? Region, string? ClusterName, string? RoleArn, string? EndpointUrl);

/// <summary>
/// The AWS side of an offline scan: the same access layer and collector as the operator, configured like it (section
/// "Aws" of the environment: Aws__Region, Aws__ClusterName, Aws__Endpoints__&lt;service&gt;; AWS_REGION; the default
/// credential chain), with the command's flags winning.
/// </summary>
public static class OfflineAws
{
    /// <param name="request">The command's flags.</param>
    /// <param name="configureServices">Runs after the registration (tests replace the session factory).</param>
    public static Func<ClusterInventory, CancellationToken, AwsCollection> Collector(OfflineAwsRequest request, Action<IServiceCollection>? configureServices)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddKubePostureAws(aws =>
        {
            configuration.GetSection(AwsOptions.SectionName).Bind(aws);
            aws.Region = NonEmpty(request.Region) ?? NonEmpty(aws.Region) ?? NonEmpty(configuration["AWS_REGION"]) ?? NonEmpty(configuration["AWS_DEFAULT_REGION"]);
            aws.ClusterName = NonEmpty(request.ClusterName) ?? NonEmpty(aws.ClusterName);
            if (NonEmpty(request.EndpointUrl) is { } url)
                aws.Endpoints["*"] = url;
        });
        configureServices?.Invoke(services);
        return (inventory, cancellationToken) =>
        {
            // One collection per command: the provider (sessions, HTTP handlers) lives exactly as long.
            using var provider = services.BuildServiceProvider();
            var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AwsOptions>>().Value;
            var collector = new AwsInventoryCollector(provider.GetRequiredService<IAwsSessionFactory>(), options.Region);
            return collector.CollectAsync(inventory, new AwsCollectionRequest(null, options.ClusterName, NonEmpty(request.RoleArn)), cancellationToken)
                .GetAwaiter().GetResult();
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
