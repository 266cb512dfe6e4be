namespace KubePosture.Runtime.Leadership;

/// <summary>Lease-based leader election settings (client-go's defaults).</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Namespace of the Lease (the operator's control namespace).</summary>
    public required string Namespace { get; init; }

    public string LeaseName { get; init; } = "kubeposture-leader";

    /// <summary>This instance's identity (pod name plus a unique suffix).</summary>
    public required string Identity { get; init; }

    /// <summary>How long a lease not renewed stays valid for the others; a new leader takes over after this.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up if it could not renew for this long.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval of acquire attempts and renewals.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>0 &lt; retry period &lt; renew deadline &lt; lease duration: the one rule on the timings (the operator's options name their flags with it).</summary>
    public bool TimingsInOrder => TimeSpan.Zero < RetryPeriod && RetryPeriod < RenewDeadline && RenewDeadline < LeaseDuration;

    /// <summary>Validation messages naming the field, the value and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Namespace))
        {
            errors.Add("leader election namespace is empty: set --control-namespace or POD_NAMESPACE");
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            errors.Add("leader election identity is empty: set POD_NAME or HOSTNAME");
        }

        if (!TimingsInOrder)
        {
            errors.Add($"leader election durations must satisfy 0 < retryPeriod ({RetryPeriod.TotalSeconds}s) < renewDeadline ({RenewDeadline.TotalSeconds}s) < leaseDuration ({LeaseDuration.TotalSeconds}s)");
        }

        return errors;
    }
}
