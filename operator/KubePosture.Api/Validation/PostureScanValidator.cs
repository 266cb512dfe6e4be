using System.Text.RegularExpressions;
using Cronos;

namespace KubePosture.Api;

/// <summary>
/// Validates a <see cref="PostureScanSpec"/> beyond what the CRD schema can express: cron syntax and frequency,
/// durations and their minimums, check ids and categories that exist, label selectors, and (when the cluster's
/// namespaces are given) scope globs that match nothing. Every issue names the field, the value and the fix.
/// The tenancy rule is <see cref="ValidateScope"/>: it needs the scan's and the control namespace.
/// </summary>
public static partial class PostureScanValidator
{
    /// <summary>Shortest time between two scans, whether from interval or schedule.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(5);

    [GeneratedRegex(AwsSpec.RegionPattern)]
    private static partial Regex RegionRegex();

    [GeneratedRegex(AwsSpec.ClusterNamePattern)]
    private static partial Regex ClusterNameRegex();

    [GeneratedRegex(AwsSpec.RoleArnPattern)]
    private static partial Regex RoleArnRegex();

    [GeneratedRegex(AwsSpec.EcsClusterPattern)]
    private static partial Regex EcsClusterRegex();

    [GeneratedRegex(@"^[a-z0-9*?]([-a-z0-9.*?]*[a-z0-9*?])?(:[0-9]{1,5})?$")]
    private static partial Regex RegistryGlobRegex();

    /// <summary>
    /// The spec as the operator uses it: a copy with the schedule and the durations trimmed (a YAML <c>|</c> block keeps
    /// a trailing newline). Validate this copy and hand the same copy to the scheduler and the scan, so every value the
    /// validator accepts is exactly the value the rest of the operator reads.
    /// </summary>
    public static PostureScanSpec Normalize(PostureScanSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var copy = System.Text.Json.JsonSerializer.Deserialize<PostureScanSpec>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(spec))!;
        copy.Schedule = copy.Schedule?.Trim();
        copy.Interval = copy.Interval?.Trim()!;
        if (copy.Ecr is { } ecr)
            ecr.MaxScanAge = ecr.MaxScanAge?.Trim()!;
        if (copy.Nodes is { } nodes)
            nodes.MaxNodeAge = nodes.MaxNodeAge?.Trim();
        copy.Reporting ??= new ReportingSpec();
        copy.Exceptions ??= new ExceptionsSpec();
        return copy;
    }

    /// <param name="spec">The spec to check (the <see cref="Normalize"/>d one).</param>
    /// <param name="knownCheckIds">Ids of every check in the catalog.</param>
    /// <param name="knownCategories">Every category name.</param>
    /// <param name="now">Current time (cron schedules must fire after it).</param>
    /// <param name="existingNamespaces">The cluster's namespaces, to warn about scope globs that match none; null skips that.</param>
    /// <param name="knownFrameworkIds">Ids of the compliance frameworks; null skips checking spec.compliance.frameworks against them.</param>
    public static IReadOnlyList<ValidationIssue> Validate(
        PostureScanSpec spec,
        IReadOnlyCollection<string> knownCheckIds,
        IReadOnlyCollection<string> knownCategories,
        DateTimeOffset now,
        IReadOnlyCollection<string>? existingNamespaces = null,
        IReadOnlyCollection<string>? knownFrameworkIds = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var issues = new IssueList();
        Schedule(issues, spec.Schedule, now);
        CommonRules.Duration(issues, "spec.interval", spec.Interval, MinimumInterval, "6h");
        Scope(issues, spec.Scope, existingNamespaces);
        Checks(issues, spec.Checks, knownCheckIds, knownCategories);
        Severity(issues, "spec.failOn", spec.FailOn);
        if (spec.Checks?.MinSeverity is { } min && spec.FailOn is { } failOn && Rank(failOn) < Rank(min) && Rank(failOn) >= 0)
        {
            issues.Warning("spec.failOn", failOn,
                $"below spec.checks.minSeverity {min}, so findings between them are never reported; raise failOn to {min} or lower minSeverity");
        }

        SeverityOverrides(issues, spec.SeverityOverrides, knownCheckIds);
        Aws(issues, spec.Aws);
        Export(issues, spec.Export);
        if (spec.Ecr is { } ecr)
            CommonRules.Duration(issues, "spec.ecr.maxScanAge", ecr.MaxScanAge, TimeSpan.FromHours(1), "30d");
        if (spec.Nodes is { } nodes)
            CommonRules.Duration(issues, "spec.nodes.maxNodeAge", nodes.MaxNodeAge, TimeSpan.FromHours(1), "30d");
        Images(issues, spec.Images);
        Reporting(issues, spec.Reporting);
        Compliance(issues, spec.Compliance, knownFrameworkIds);
        return issues.Issues;
    }

    /// <summary>Every framework id known (else named with the closest known id), none listed twice, at most <see cref="ComplianceSpec.MaxFrameworks"/>.</summary>
    private static void Compliance(IssueList issues, ComplianceSpec? compliance, IReadOnlyCollection<string>? known)
    {
        if (compliance?.Frameworks is not { } frameworks)
            return;
        if (frameworks.Count > ComplianceSpec.MaxFrameworks)
            issues.Error("spec.compliance.frameworks", null, $"{frameworks.Count} frameworks; at most {ComplianceSpec.MaxFrameworks}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < frameworks.Count; i++)
        {
            var id = frameworks[i] ?? "";
            var field = $"spec.compliance.frameworks[{i}]";
            if (known is not null && !known.Contains(id))
                issues.Error(field, id, $"unknown framework; did you mean \"{NameSuggestion.Closest(id, known)}\"? Known: {string.Join(", ", known)}");
            else if (!seen.Add(id))
                issues.Error(field, id, "listed twice; list each framework once");
        }
    }

    /// <summary>
    /// The tenancy rule: a scan outside the control namespace may assess only its own namespace (no include glob or
    /// namespace selector naming others), no cluster-scoped objects and no AWS data. Each returned issue is an error and means Ready=False, reason ScopeRestricted; the
    /// scan is never silently widened or narrowed.
    /// </summary>
    public static IReadOnlyList<ValidationIssue> ValidateScope(PostureScanSpec spec, string scanNamespace, string controlNamespace)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var issues = new IssueList();
        if (scanNamespace == controlNamespace)
            return issues.Issues;

        var fix = $"a scan in namespace {scanNamespace} may assess only {scanNamespace}; move the scan to the control namespace {controlNamespace} or";
        var includes = spec.Scope?.IncludeNamespaces ?? [];
        for (var i = 0; i < includes.Count; i++)
        {
            if (includes[i] != scanNamespace)
                issues.Error($"spec.scope.includeNamespaces[{i}]", includes[i], $"{fix} remove the entry");
        }

        if (spec.Scope?.NamespaceSelector is not null)
            issues.Error("spec.scope.namespaceSelector", "set", $"{fix} remove the field (a selector could only pick other namespaces, which a tenant scan never assesses)");
        if (spec.Scope?.ClusterResources == true)
            issues.Error("spec.scope.clusterResources", "true", $"{fix} remove the field (cluster-scoped objects are for the control namespace)");
        if (spec.Aws?.Enabled == true)
            issues.Error("spec.aws.enabled", "true", $"{fix} set it to false (AWS account data is for the control namespace)");
        if (spec.Export?.SecurityHub?.Enabled == true)
            issues.Error("spec.export.securityHub.enabled", "true", $"{fix} set it to false (exports speak for the whole cluster and are for the control namespace)");
        return issues.Issues;
    }

    private static void Schedule(IssueList issues, string? schedule, DateTimeOffset now)
    {
        if (schedule is null)
            return;
        const string Field = "spec.schedule";
        // Exactly the value the scheduler parses: Normalize trims it, not the validator (a validator that trimmed on
        // its own accepted "0 */6 * * *\n", which the scheduler then could not parse).
        if (string.IsNullOrWhiteSpace(schedule))
        {
            issues.Error(Field, schedule, "empty; remove the field to scan on spec.interval, or give 5 cron fields such as \"0 */6 * * *\"");
            return;
        }

        if (!schedule.StartsWith('@'))
        {
            var fields = schedule.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields != 5)
            {
                issues.Error(Field, schedule,
                    $"expected 5 cron fields (minute hour day-of-month month day-of-week), got {fields}; for example \"0 */6 * * *\" scans every 6 hours");
                return;
            }
        }

        CronExpression cron;
        try
        {
            cron = CronExpression.Parse(schedule, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            issues.Error(Field, schedule, $"not a valid cron expression ({e.Message.TrimEnd('.')}); for example \"0 */6 * * *\"");
            return;
        }

        var first = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
        if (first is null)
        {
            issues.Error(Field, schedule, "never fires (no such date); check day-of-month against month");
            return;
        }

        var shortest = ShortestGap(cron, first.Value);
        if (shortest < MinimumInterval)
        {
            issues.Error(Field, schedule,
                $"fires {Duration.Format(shortest)} apart; scans must be at least {Duration.Format(MinimumInterval)} apart, for example \"*/15 * * * *\"");
        }
    }

    /// <summary>
    /// The shortest time between two runs of <paramref name="cron"/>, exactly rather than over a sample of runs. The
    /// minute and hour fields give the same times of day on every day the schedule fires, so the gaps within a day are
    /// those of one firing day; the only other short gap is from a day's last run to the next day's first, which
    /// happens only when two consecutive days both fire: the firing days are walked over 28 years (the calendar's full
    /// cycle of weekdays and leap years), stopping at the first consecutive pair.
    /// </summary>
    internal static TimeSpan ShortestGap(CronExpression cron, DateTimeOffset firstRun)
    {
        var day = new DateTimeOffset(firstRun.UtcDateTime.Date, TimeSpan.Zero);
        var times = cron.GetOccurrences(day, day.AddDays(1), TimeZoneInfo.Utc, fromInclusive: true, toInclusive: false).ToList();
        var shortest = TimeSpan.MaxValue;
        for (var i = 1; i < times.Count; i++)
        {
            if (times[i] - times[i - 1] < shortest)
                shortest = times[i] - times[i - 1];
        }

        var overnight = times[0].AddDays(1) - times[^1];
        if (overnight >= shortest || overnight >= MinimumInterval)
            return shortest;

        var end = day.AddYears(28);
        var previousDay = day;
        while (cron.GetNextOccurrence(previousDay.AddDays(1).AddTicks(-1), TimeZoneInfo.Utc) is { } next && next < end)
        {
            var nextDay = new DateTimeOffset(next.UtcDateTime.Date, TimeSpan.Zero);
            if (nextDay == previousDay.AddDays(1))
                return overnight;
            previousDay = nextDay;
        }

        return shortest;
    }

    private static void Scope(IssueList issues, ScanScope? scope, IReadOnlyCollection<string>? existingNamespaces)
    {
        if (scope is null)
            return;
        NamespaceGlobs(issues, "spec.scope.includeNamespaces", scope.IncludeNamespaces, existingNamespaces);
        NamespaceGlobs(issues, "spec.scope.excludeNamespaces", scope.ExcludeNamespaces, existingNamespaces);
        CommonRules.LabelSelector(issues, "spec.scope.namespaceSelector", scope.NamespaceSelector);

        if (existingNamespaces is { Count: > 0 } && scope.IncludeNamespaces is not null && scope.ExcludeNamespaces is { Count: > 0 } excludes)
        {
            var included = existingNamespaces.Where(ns => scope.IncludeNamespaces.Count == 0 || scope.IncludeNamespaces.Any(g => Glob.IsMatch(g, ns)));
            if (included.Any() && included.All(ns => excludes.Any(g => Glob.IsMatch(g, ns))))
                issues.Warning("spec.scope.excludeNamespaces", string.Join(",", excludes), "excludes every included namespace, so the scan assesses no namespace; narrow the excludes");
        }
    }

    private static void NamespaceGlobs(IssueList issues, string field, List<string>? globs, IReadOnlyCollection<string>? existingNamespaces)
    {
        if (globs is null)
            return;
        for (var i = 0; i < globs.Count; i++)
        {
            var glob = globs[i];
            if (string.IsNullOrEmpty(glob) || !CommonRules.IsNamespaceGlob(glob))
            {
                issues.Error($"{field}[{i}]", glob,
                    "not a namespace name or glob; use at most 63 lower-case letters, digits and '-', with * and ? as wildcards");
                continue;
            }

            if (existingNamespaces is not null && !existingNamespaces.Any(ns => Glob.IsMatch(glob, ns)))
                issues.Warning($"{field}[{i}]", glob, "matches no namespace in the cluster; check the spelling");
        }
    }

    private static void Checks(IssueList issues, CheckSelectionSpec? checks, IReadOnlyCollection<string> knownCheckIds, IReadOnlyCollection<string> knownCategories)
    {
        if (checks is null)
            return;
        CommonRules.CheckReferences(issues, "spec.checks.include", checks.Include, knownCheckIds, knownCategories);
        CommonRules.CheckReferences(issues, "spec.checks.exclude", checks.Exclude, knownCheckIds, knownCategories);
        if (checks.MinSeverity is not null)
            Severity(issues, "spec.checks.minSeverity", checks.MinSeverity);
        if (checks.Include is { Count: > 0 } include && checks.Exclude is { Count: > 0 } exclude)
        {
            var excludedAll = include.All(i => exclude.Contains(i) || exclude.Contains("*"));
            if (excludedAll)
                issues.Error("spec.checks.exclude", string.Join(",", exclude), "excludes everything spec.checks.include selects, so no check would run; remove the overlap");
        }
    }

    private static void Severity(IssueList issues, string field, string? value)
    {
        if (!SeverityNames.IsValid(value))
            issues.Error(field, value, $"expected one of {string.Join(", ", SeverityNames.All)} (case-sensitive)");
    }

    private static int Rank(string severity) => SeverityNames.IsValid(severity) ? SeverityNames.All.Count - 1 - IndexOf(severity) : -1;

    private static int IndexOf(string severity)
    {
        for (var i = 0; i < SeverityNames.All.Count; i++)
        {
            if (SeverityNames.All[i] == severity)
                return i;
        }

        return -1;
    }

    private static void SeverityOverrides(IssueList issues, Dictionary<string, string>? overrides, IReadOnlyCollection<string> knownCheckIds)
    {
        if (overrides is null)
            return;
        foreach (var (checkId, severity) in overrides.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var field = $"spec.severityOverrides[{checkId}]";
            if (!knownCheckIds.Contains(checkId))
            {
                var hint = Glob.IsPattern(checkId) ? "; overrides take exact check ids, not globs" : NameSuggestion.DidYouMean(checkId, knownCheckIds);
                issues.Error("spec.severityOverrides", checkId, $"no check has that id{hint}");
            }

            Severity(issues, field, severity);
        }
    }

    private static void Aws(IssueList issues, AwsSpec? aws)
    {
        if (aws is null)
            return;
        if (aws.Region is { } region && !RegionRegex().IsMatch(region))
            issues.Error("spec.aws.region", region, "not an AWS region; use a code such as eu-west-1 or us-east-1");
        if (aws.ClusterName is { } cluster && (cluster.Length > 100 || !ClusterNameRegex().IsMatch(cluster)))
            issues.Error("spec.aws.clusterName", cluster, "not an EKS cluster name; use at most 100 letters, digits, '-' and '_', starting with a letter or digit");
        if (aws.RoleArn is { } arn && !RoleArnRegex().IsMatch(arn))
            issues.Error("spec.aws.roleArn", arn, "not an IAM role ARN; use arn:aws:iam::123456789012:role/name");
        if (aws.MinLogRetentionDays is < 1 or > AwsSpec.MaxLogRetentionDays)
            issues.Error("spec.aws.minLogRetentionDays", aws.MinLogRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"expected 1 to {AwsSpec.MaxLogRetentionDays} days; CloudWatch Logs keeps at most 10 years (or never expires)");
        var ecs = aws.EcsClusters ?? [];
        for (var i = 0; i < ecs.Count; i++)
        {
            if (!EcsClusterRegex().IsMatch(ecs[i] ?? ""))
                issues.Error($"spec.aws.ecsClusters[{i}]", ecs[i] ?? "", "not an ECS cluster name or ARN; use a name of letters, digits, '-' and '_' or arn:aws:ecs:<region>:<account>:cluster/<name>");
        }

        if (ecs.Count > 100)
            issues.Error("spec.aws.ecsClusters", $"{ecs.Count} items", "at most 100 ECS clusters; leave it empty to assess every cluster of the region");
        if (!aws.Enabled && ((aws.Region ?? aws.ClusterName ?? aws.RoleArn) is not null || ecs.Count > 0))
            issues.Warning("spec.aws.enabled", "false", "AWS settings are given but AWS assessment is off; set spec.aws.enabled to true to use them");
    }

    private static void Export(IssueList issues, ExportSpec? export)
    {
        var hub = export?.SecurityHub;
        if (hub is null)
            return;
        if (hub.Region is { } region && !RegionRegex().IsMatch(region))
            issues.Error("spec.export.securityHub.region", region, "not an AWS region; use a code such as eu-west-1 or us-east-1");
        if (hub.RoleArn is { } arn && !RoleArnRegex().IsMatch(arn))
            issues.Error("spec.export.securityHub.roleArn", arn, "not an IAM role ARN; use arn:aws:iam::123456789012:role/name");
        if (!hub.Enabled && (hub.Region ?? hub.RoleArn) is not null)
            issues.Warning("spec.export.securityHub.enabled", "false", "Security Hub settings are given but the export is off; set spec.export.securityHub.enabled to true to use them");
    }

    private static void Images(IssueList issues, ImagesSpec? images)
    {
        var registries = images?.AllowedRegistries;
        if (registries is null)
            return;
        for (var i = 0; i < registries.Count; i++)
        {
            if (string.IsNullOrEmpty(registries[i]) || registries[i].Length > 253 || !RegistryGlobRegex().IsMatch(registries[i]))
            {
                issues.Error($"spec.images.allowedRegistries[{i}]", registries[i],
                    "not a registry host or glob; use a lower-case host with an optional port, such as public.ecr.aws, *.example.com or registry.local:5000");
            }
        }
    }

    private static void Reporting(IssueList issues, ReportingSpec? reporting)
    {
        if (reporting is null)
            return;
        if (reporting.MaxFindingsInStatus is < 0 or > ReportingSpec.MaxFindingsInStatusLimit)
        {
            issues.Error("spec.reporting.maxFindingsInStatus", reporting.MaxFindingsInStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"expected 0 to {ReportingSpec.MaxFindingsInStatusLimit}; status stays small, the reports hold the rest");
        }

        if (reporting.MaxResultsPerReport is < 1 or > ReportingSpec.MaxResultsPerReportLimit)
        {
            issues.Error("spec.reporting.maxResultsPerReport", reporting.MaxResultsPerReport.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"expected 1 to {ReportingSpec.MaxResultsPerReportLimit}; a report object must stay well below the 1.5 MiB etcd object limit");
        }
    }
}
