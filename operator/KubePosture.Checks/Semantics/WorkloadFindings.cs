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
        details.Set("field", FieldPaths[(workload.Ref.Kind, container.Kind, container.Name, field)]);
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
                details.Set(k, v);
        }

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {Descriptions[(container.Kind, container.Name)]} {message}", details.Build());
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
        details.Set("field", PodFieldPaths[(workload.Ref.Kind, field)]);
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
                details.Set(k, v);
        }

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {message}", details.Build());
    }

    /// <summary>"container \"main\"" and the like (<see cref="ContainerView.Describe(ContainerKind, string)"/>), one string per container kind and name.</summary>
    public static string Describe(ContainerKind kind, string name) => Descriptions[(kind, name)];

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

    /// <summary>
    /// Field paths are few (kinds x container names x fields) and repeated in thousands of findings: one string each.
    /// Bounded by the catalog's fields and the cluster's container names.
    /// </summary>
    private static readonly BoundedMemo<(string WorkloadKind, ContainerKind ContainerKind, string Container, string Field), string> FieldPaths =
        new(k => ContainerView.FieldPath(k.WorkloadKind, k.ContainerKind, k.Container, k.Field), 65536);

    private static readonly BoundedMemo<(ContainerKind Kind, string Name), string> Descriptions =
        new(k => ContainerView.Describe(k.Kind, k.Name), 65536);

    private static readonly BoundedMemo<(string WorkloadKind, string Field), string> PodFieldPaths =
        new(k => ContainerView.PodFieldPath(k.WorkloadKind, k.Field), 65536);
}
