using System.CommandLine;
using System.CommandLine.Parsing;
using KubePosture.Api;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Hosting;

namespace KubePosture.Operator.Cli;

/// <summary>
/// <c>kubeposture run</c>: the operator. Every flag has an environment fallback (<c>KUBEPOSTURE_*</c>, plus the
/// downward-API <c>POD_NAMESPACE</c> and <c>POD_NAME</c>); flags win. Invalid settings stop the start with exit code 2
/// and one line per problem naming the flag, the value and the fix.
/// </summary>
public static class RunCommand
{
    public const int InvalidConfiguration = 2;

    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path of a kubeconfig file. Default: in-cluster configuration inside a pod, else $KUBECONFIG or ~/.kube/config." };
        var context = new Option<string?>("--context") { Description = "kubeconfig context to use. Default: the current context." };
        var metrics = new Option<string?>("--metrics-bind-address") { Description = "Address of the Prometheus /metrics endpoint, host:port or :port; 0 turns it off. Env KUBEPOSTURE_METRICS_BIND_ADDRESS. Default :8080." };
        var health = new Option<string?>("--health-probe-bind-address") { Description = "Address of /healthz and /readyz, host:port or :port; 0 turns it off. Env KUBEPOSTURE_HEALTH_PROBE_BIND_ADDRESS. Default :8081." };
        var leaderElect = new Option<bool?>("--leader-elect") { Description = "Elect a leader on a Lease in the control namespace so only one replica reconciles. Env KUBEPOSTURE_LEADER_ELECT. Default false." };
        var controlNamespace = new Option<string?>("--control-namespace") { Description = $"Namespace whose PostureScans may assess the whole cluster and AWS; holds the leader Lease. Env KUBEPOSTURE_CONTROL_NAMESPACE or POD_NAMESPACE. Default {OperatorOptions.DefaultControlNamespace}." };
        var maxScans = new Option<int?>("--max-concurrent-scans") { Description = "Scans that may run at once. Env KUBEPOSTURE_MAX_CONCURRENT_SCANS. Default 2." };
        var leaseDuration = new Option<string?>("--leader-elect-lease-duration") { Description = "How long a lease not renewed blocks the others, e.g. 15s." };
        var renewDeadline = new Option<string?>("--leader-elect-renew-deadline") { Description = "How long the leader retries renewing before it gives up, e.g. 10s." };
        var retryPeriod = new Option<string?>("--leader-elect-retry-period") { Description = "Interval of lease acquire and renew attempts, e.g. 2s." };
        var rescanOnChange = new Option<bool?>("--rescan-on-change") { Description = "Rescan PostureScans when objects in the cluster change (after 1s of quiet, at most 5s after the first change). Env KUBEPOSTURE_RESCAN_ON_CHANGE. Default true." };
        var clusterName = new Option<string?>("--cluster-name") { Description = "The cluster's name on every metric series (label cluster), in alerts and in exported findings. Env KUBEPOSTURE_CLUSTER_NAME. Default: the EKS cluster name (Aws__ClusterName), else the API server's host." };
        var changeMinInterval = new Option<string?>("--change-rescan-min-interval") { Description = "A PostureScan is rescanned for changes at most this often (or twice its last scan's duration, if longer), e.g. 10s. Env KUBEPOSTURE_CHANGE_RESCAN_MIN_INTERVAL. Default 10s." };

        var command = new Command("run", "Run the operator against the cluster (in-cluster configuration, or the current kubeconfig context like kubebuilder's make run).")
        {
            kubeconfig, context, metrics, health, leaderElect, controlNamespace, maxScans, leaseDuration, renewDeadline, retryPeriod, rescanOnChange, changeMinInterval, clusterName,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var options = new OperatorOptions
            {
                Kubeconfig = parse.GetValue(kubeconfig),
                Context = parse.GetValue(context),
                MetricsBindAddress = parse.GetValue(metrics) ?? Env("KUBEPOSTURE_METRICS_BIND_ADDRESS") ?? ":8080",
                HealthProbeBindAddress = parse.GetValue(health) ?? Env("KUBEPOSTURE_HEALTH_PROBE_BIND_ADDRESS") ?? ":8081",
                LeaderElect = parse.GetValue(leaderElect) ?? Bool(errors, "KUBEPOSTURE_LEADER_ELECT") ?? false,
                ControlNamespace = parse.GetValue(controlNamespace) ?? Env("KUBEPOSTURE_CONTROL_NAMESPACE") ?? Env("POD_NAMESPACE") ?? OperatorOptions.DefaultControlNamespace,
                MaxConcurrentScans = parse.GetValue(maxScans) ?? Int(errors, "KUBEPOSTURE_MAX_CONCURRENT_SCANS") ?? 2,
                ClusterName = parse.GetValue(clusterName) ?? Env("KUBEPOSTURE_CLUSTER_NAME"),
                Identity = $"{Env("POD_NAME") ?? Env("HOSTNAME") ?? Environment.MachineName}_{Guid.NewGuid().ToString("N")[..8]}",
                LeaseDuration = Span(errors, "--leader-elect-lease-duration", parse.GetValue(leaseDuration)) ?? TimeSpan.FromSeconds(15),
                RenewDeadline = Span(errors, "--leader-elect-renew-deadline", parse.GetValue(renewDeadline)) ?? TimeSpan.FromSeconds(10),
                RetryPeriod = Span(errors, "--leader-elect-retry-period", parse.GetValue(retryPeriod)) ?? TimeSpan.FromSeconds(2),
                ChangeRescan = KubePosture.Operator.Scans.ChangeRescanPolicy.Default with
                {
                    Enabled = parse.GetValue(rescanOnChange) ?? Bool(errors, "KUBEPOSTURE_RESCAN_ON_CHANGE") ?? true,
                    MinInterval = Span(errors, "--change-rescan-min-interval", parse.GetValue(changeMinInterval) ?? Env("KUBEPOSTURE_CHANGE_RESCAN_MIN_INTERVAL")) ?? TimeSpan.FromSeconds(10),
                },
            };
            errors.AddRange(options.Validate());
            if (!(TimeSpan.Zero < options.RetryPeriod && options.RetryPeriod < options.RenewDeadline && options.RenewDeadline < options.LeaseDuration))
            {
                errors.Add($"--leader-elect-*: need retry period ({options.RetryPeriod.TotalSeconds}s) < renew deadline ({options.RenewDeadline.TotalSeconds}s) < lease duration ({options.LeaseDuration.TotalSeconds}s)");
            }

            k8s.KubernetesClientConfiguration? kubeConfig = null;
            if (errors.Count == 0)
            {
                try
                {
                    kubeConfig = KubeConfigLoader.Load(options);
                }
                catch (Exception e) when (e is InvalidOperationException or k8s.Exceptions.KubeConfigException or IOException)
                {
                    errors.Add(e.Message);
                }
            }

            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync("kubeposture run: invalid configuration:");
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync("  - " + error);
                }

                return InvalidConfiguration;
            }

            await using var app = OperatorHost.Build(options, kubeConfig!);
            await app.RunAsync();
            return Environment.ExitCode;
        });
        return command;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static bool? Bool(List<string> errors, string name)
    {
        if (Env(name) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{name} \"{text}\": expected true or false");
        return null;
    }

    private static int? Int(List<string> errors, string name)
    {
        if (Env(name) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{name} \"{text}\": expected a whole number");
        return null;
    }

    private static TimeSpan? Span(List<string> errors, string flag, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (Duration.TryParse(text, out var value, out var error))
        {
            return value;
        }

        errors.Add($"{flag} \"{text}\": {error}");
        return null;
    }
}
