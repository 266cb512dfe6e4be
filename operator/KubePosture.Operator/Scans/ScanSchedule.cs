using Cronos;
using KubePosture.Api;

namespace KubePosture.Operator.Scans;

/// <summary>When a scan is due next: the cron <c>spec.schedule</c> (UTC) when set, else <c>spec.interval</c> after the last scan.</summary>
public static class ScanSchedule
{
    /// <summary>The next scan time after a scan completed at <paramref name="lastCompletion"/>; null when suspended.</summary>
    public static DateTimeOffset? Next(PostureScanSpec spec, DateTimeOffset lastCompletion)
    {
        if (spec.Suspend)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(spec.Schedule))
        {
            var cron = CronExpression.Parse(spec.Schedule, CronFormat.Standard);
            return cron.GetNextOccurrence(lastCompletion, TimeZoneInfo.Utc);
        }

        var interval = Duration.Parse(string.IsNullOrEmpty(spec.Interval) ? PostureScanSpec.DefaultInterval : spec.Interval);
        return lastCompletion + interval;
    }
}
