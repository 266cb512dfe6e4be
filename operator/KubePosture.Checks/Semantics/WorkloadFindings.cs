using System.Runtime.CompilerServices;
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

    /// <summary>A finding about one container; the message follows "Kind name: container \"c\"".</summary>
    public static Finding ForContainer(
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        ContainerRecord container,
        string field,
        FindingMessageHandler message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
        => ForContainer(descriptor, workload, container, field, message.ToMessage(), extra, severity);

    /// <inheritdoc cref="ForContainer(CheckDescriptor, WorkloadRecord, ContainerRecord, string, FindingMessageHandler, IReadOnlyDictionary{string, string}?, Severity?)"/>
    public static Finding ForContainer(
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        ContainerRecord container,
        string field,
        FindingMessage message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
    {
        var details = Base(workload, 3 + (extra?.Count ?? 0));
        details.Set("container", container.Name);
        details.Set("containerKind", ContainerView.KindName(container.Kind));
        details.Set("field", ContainerView.FieldPath(workload.Ref.Kind, container, field));
        details.SetAll(extra);

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {ContainerView.Describe(container)} {message}", details.Build());
    }

    /// <summary>A finding about the pod spec as a whole; the message follows "Kind name: ".</summary>
    public static Finding ForPod(
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        string field,
        FindingMessageHandler message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
        => ForPod(descriptor, workload, field, message.ToMessage(), extra, severity);

    /// <inheritdoc cref="ForPod(CheckDescriptor, WorkloadRecord, string, FindingMessageHandler, IReadOnlyDictionary{string, string}?, Severity?)"/>
    public static Finding ForPod(
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        string field,
        FindingMessage message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
    {
        var details = Base(workload, 1 + (extra?.Count ?? 0));
        details.Set("field", ContainerView.PodFieldPath(workload.Ref.Kind, field));
        details.SetAll(extra);

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {message}", details.Build());
    }

    /// <summary>Levels already computed, per pod spec instance: a workload with many findings is evaluated once.</summary>
    private static readonly ConditionalWeakTable<PodSpecRecord, string> Levels = [];

    /// <summary>The Pod Security Standards level of the workload's spec, as the enforce label spells it.</summary>
    public static string LevelOf(WorkloadRecord workload) =>
        Levels.GetValue(workload.Spec, spec => PodSecurityLevels.LabelValue(PodSecurityLevels.Evaluate(spec)));

    /// <summary>Details sized for what the finding carries, written straight into their compact form.</summary>
    private static FindingDetailsDictionary.Builder Base(WorkloadRecord workload, int more)
    {
        var details = new FindingDetailsDictionary.Builder(1 + more);
        details.Set(PodSecurityLevelKey, LevelOf(workload));
        return details;
    }
}
