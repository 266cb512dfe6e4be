namespace KubePosture.Api;

/// <summary>Condition reasons (CamelCase, one word, API conventions). Events use the same words.</summary>
public static class ConditionReasons
{
    // Ready
    /// <summary>Ready=True: the last scan of the current generation completed.</summary>
    public const string ScanCompleted = "ScanCompleted";

    /// <summary>Ready=False: the spec is invalid; the message names the field, the value and the fix. Not retried.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>Ready=False: the scan asks for more than its namespace may see (tenancy rule).</summary>
    public const string ScopeRestricted = "ScopeRestricted";

    /// <summary>Ready=False: the scan failed; retried with backoff.</summary>
    public const string ScanFailed = "ScanFailed";

    /// <summary>Ready=False: <c>spec.suspend</c> is true.</summary>
    public const string Suspended = "Suspended";

    /// <summary>Ready=Unknown: no scan of the current generation has completed yet.</summary>
    public const string ScanPending = "ScanPending";

    // Compliant
    /// <summary>Compliant=True: no active finding at or above failOn.</summary>
    public const string NoFindingsAtThreshold = "NoFindingsAtThreshold";

    /// <summary>Compliant=False: active findings at or above failOn; the message counts them.</summary>
    public const string FindingsAtThreshold = "FindingsAtThreshold";

    // Degraded
    /// <summary>Degraded=False: every source was read.</summary>
    public const string AllSourcesAvailable = "AllSourcesAvailable";

    /// <summary>Degraded=True: a source was unavailable; the message names it.</summary>
    public const string SourceUnavailable = "SourceUnavailable";

    /// <summary>Degraded=True: the operator lacks permission for a source (Kubernetes 403 or AWS AccessDenied).</summary>
    public const string SourceForbidden = "SourceForbidden";

    /// <summary>Degraded=True: AWS data could not be read (credentials, throttling, endpoint).</summary>
    public const string AwsAccessDegraded = "AwsAccessDegraded";

    // Scanning
    /// <summary>Scanning=True: a scan is running.</summary>
    public const string ScanInProgress = "ScanInProgress";

    /// <summary>Scanning=False: no scan is running.</summary>
    public const string Idle = "Idle";

    // Scan related events
    public const string ScanStarted = "ScanStarted";

    // PostureException (Ready)
    /// <summary>Ready=True: the exception is valid and not expired.</summary>
    public const string Active = "Active";

    /// <summary>Ready=False: <c>spec.expiresAt</c> has passed; the exception no longer suppresses findings.</summary>
    public const string Expired = "Expired";

    /// <summary>Warning reason: the exception matched no finding in the last scans.</summary>
    public const string Unused = "Unused";
}
