using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Builds findings about a workload: attached to the workload's top owner (<see cref="WorkloadRecord.Ref"/>), with the
/// Pod Security Standards level it meets in Details["podSecurityLevel"] and, for container findings, the container,
/// its kind and the field.
/// </summary>
public static class WorkloadFindings
{
    public const string PodSecurityLevelKey = "podSecurityLevel";

    public static Finding ForContainer(
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        ContainerRecord container,
        string field,
        string message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
    {
        var details = Base(workload);
        details["container"] = container.Name;
        details["containerKind"] = ContainerView.KindName(container.Kind);
        details["field"] = ContainerView.FieldPath(workload.Ref.Kind, container, field);
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
                details[k] = v;
        }

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {ContainerView.Describe(container)} {message}", details);
    }

    public static Finding ForPod(
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        string field,
        string message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
    {
        var details = Base(workload);
        details["field"] = ContainerView.PodFieldPath(workload.Ref.Kind, field);
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
                details[k] = v;
        }

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {message}", details);
    }

    private static Dictionary<string, string> Base(WorkloadRecord workload) => new(StringComparer.Ordinal)
    {
        [PodSecurityLevelKey] = PodSecurityLevels.LabelValue(PodSecurityLevels.Evaluate(workload.Spec)),
    };
}
