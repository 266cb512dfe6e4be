using System.Text.RegularExpressions;
using KubePosture.Api;
using KubePosture.Runtime.Leadership;

namespace KubePosture.Operator.Configuration;

/// <summary>
/// Settings of the <c>run</c> verb. Each default is declared here once (the initializers); <see cref="RunSettings"/>
/// maps flags and environment variables onto them and its help reads the defaults from here. <see cref="Validate"/>
/// returns every problem at once, each naming the flag, the value and the fix.
/// </summary>
public sealed partial record OperatorOptions
{
    public const int MinConcurrentScans = 1;
    public const int MaxConcurrentScansLimit = 64;

    private static readonly OperatorOptions Defaults = new();
    private static readonly TimeSpan MinChangeRescanInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxChangeRescanInterval = TimeSpan.FromHours(24);

    /// <summary>Path of a kubeconfig file; null: in-cluster config inside a pod, else $KUBECONFIG or ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Context of the kubeconfig to use; null: its current context.</summary>
    public string? Context { get; init; }

    /// <summary><c>host:port</c> or <c>:port</c> of the Prometheus endpoint (<c>/metrics</c>); <c>0</c> turns it off.</summary>
    public string MetricsBindAddress { get; init; } = ":8080";

    /// <summary><c>host:port</c> or <c>:port</c> of <c>/healthz</c> and <c>/readyz</c>; <c>0</c> turns it off.</summary>
    public string HealthProbeBindAddress { get; init; } = ":8081";

    public bool LeaderElect { get; init; }

    /// <summary>Namespace whose PostureScans may assess the whole cluster and AWS; also holds the leader Lease.</summary>
    public string ControlNamespace { get; init; } = "kubeposture";

    public int MaxConcurrentScans { get; init; } = 2;

    /// <summary>The cluster's name for metrics, alerts and exports; null: the EKS cluster name, else the API server's host (<see cref="Export.ClusterIdentity"/>).</summary>
    public string? ClusterName { get; init; }

    /// <summary>This instance's identity in leader election.</summary>
    public string Identity { get; init; } = Environment.MachineName;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Every PostureScan is reconciled again this often as a safety net.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>When changes in the cluster rescan; <see cref="ChangeRescanPolicy.Enabled"/> false turns that off.</summary>
    public KubePosture.Operator.Scans.ChangeRescanPolicy ChangeRescan { get; init; } = KubePosture.Operator.Scans.ChangeRescanPolicy.Default;

    /// <summary>How long an in-flight scan gets to stop on shutdown before the process exits.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>The leader election these options ask for (the Lease lives in the control namespace).</summary>
    public LeaderElectionOptions LeaderElection => new()
    {
        Namespace = ControlNamespace,
        Identity = Identity,
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = RetryPeriod,
    };

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        ValidateBindAddress(errors, "--metrics-bind-address", MetricsBindAddress);
        ValidateBindAddress(errors, "--health-probe-bind-address", HealthProbeBindAddress);
        if (!NamespaceRegex().IsMatch(ControlNamespace ?? string.Empty))
        {
            errors.Add($"--control-namespace \"{ControlNamespace}\": not a namespace name; use lower-case letters, digits and '-', at most 63 characters (default {Defaults.ControlNamespace})");
        }

        if (ClusterName is { } cluster && !ClusterNameRegex().IsMatch(cluster))
        {
            errors.Add($"--cluster-name \"{cluster}\": use 1 to 100 letters, digits, '-', '_' and '.', starting with a letter or digit");
        }

        if (MaxConcurrentScans is < MinConcurrentScans or > MaxConcurrentScansLimit)
        {
            errors.Add($"--max-concurrent-scans {MaxConcurrentScans}: must be between {MinConcurrentScans} and {MaxConcurrentScansLimit} (default {Defaults.MaxConcurrentScans})");
        }

        if (Kubeconfig is not null && !File.Exists(Kubeconfig))
        {
            errors.Add($"--kubeconfig \"{Kubeconfig}\": file not found; pass an existing kubeconfig or omit the flag to use the in-cluster configuration");
        }

        if (ChangeRescan.MinInterval < MinChangeRescanInterval || ChangeRescan.MinInterval > MaxChangeRescanInterval)
        {
            errors.Add($"--change-rescan-min-interval {ChangeRescan.MinInterval.TotalSeconds}s: must be between {Duration.Format(MinChangeRescanInterval)} and {Duration.Format(MaxChangeRescanInterval)} (default {Duration.Format(Defaults.ChangeRescan.MinInterval)})");
        }

        if (!LeaderElection.TimingsInOrder)
        {
            errors.Add($"--leader-elect-*: need --leader-elect-retry-period ({Duration.Format(RetryPeriod)}) < --leader-elect-renew-deadline ({Duration.Format(RenewDeadline)}) < --leader-elect-lease-duration ({Duration.Format(LeaseDuration)}) (defaults {Duration.Format(Defaults.RetryPeriod)}, {Duration.Format(Defaults.RenewDeadline)}, {Duration.Format(Defaults.LeaseDuration)})");
        }

        if (LeaderElect && string.IsNullOrWhiteSpace(Identity))
        {
            errors.Add("leader election identity is empty: set POD_NAME (the chart does) or HOSTNAME");
        }

        return errors;
    }

    /// <summary>Parses <c>:8080</c>, <c>0.0.0.0:8080</c>, <c>127.0.0.1:0</c> or <c>[::1]:8080</c>; null for <c>0</c> (off).</summary>
    public static (string Host, int Port)? ParseBindAddress(string address)
    {
        if (address == "0")
        {
            return null;
        }

        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"\"{address}\": expected host:port or :port with a port from 0 to 65535, or 0 to turn the endpoint off");
        }

        var host = address[..colon].Trim('[', ']');
        return (host.Length == 0 ? "0.0.0.0" : host, port);
    }

    private static void ValidateBindAddress(List<string> errors, string flag, string? address)
    {
        try
        {
            ParseBindAddress(address ?? string.Empty);
        }
        catch (FormatException e)
        {
            errors.Add($"{flag} {e.Message}");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ClusterNameRegex();
}
