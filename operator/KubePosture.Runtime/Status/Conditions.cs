using k8s.Models;

namespace KubePosture.Runtime.Status;

/// <summary>
/// Condition list helpers with apimachinery's <c>meta.SetStatusCondition</c> semantics: the list is a map keyed by
/// <c>type</c>; <c>lastTransitionTime</c> moves only when <c>status</c> flips; the return value says whether anything changed.
/// </summary>
public static class Conditions
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>Sets <paramref name="condition"/> in <paramref name="conditions"/>; true when the list changed.</summary>
    public static bool Set(IList<V1Condition> conditions, V1Condition condition, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(condition.Type);
        var existing = Find(conditions, condition.Type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = condition.Type,
                Status = condition.Status,
                Reason = condition.Reason,
                Message = condition.Message,
                ObservedGeneration = condition.ObservedGeneration,
                LastTransitionTime = condition.LastTransitionTime == default ? now.UtcDateTime : condition.LastTransitionTime,
            });
            return true;
        }

        var changed = false;
        if (existing.Status != condition.Status)
        {
            existing.Status = condition.Status;
            existing.LastTransitionTime = condition.LastTransitionTime == default ? now.UtcDateTime : condition.LastTransitionTime;
            changed = true;
        }

        if (existing.Reason != condition.Reason)
        {
            existing.Reason = condition.Reason;
            changed = true;
        }

        if (existing.Message != condition.Message)
        {
            existing.Message = condition.Message;
            changed = true;
        }

        if (existing.ObservedGeneration != condition.ObservedGeneration)
        {
            existing.ObservedGeneration = condition.ObservedGeneration;
            changed = true;
        }

        return changed;
    }

    /// <summary>Sets a condition built from its parts.</summary>
    public static bool Set(IList<V1Condition> conditions, string type, bool status, string reason, string message, long? observedGeneration, DateTimeOffset now) =>
        Set(conditions, new V1Condition { Type = type, Status = status ? True : False, Reason = reason, Message = message, ObservedGeneration = observedGeneration }, now);

    /// <summary>Removes the condition of <paramref name="type"/>; true when it was present.</summary>
    public static bool Remove(IList<V1Condition> conditions, string type)
    {
        var existing = Find(conditions, type);
        return existing is not null && conditions.Remove(existing);
    }

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == True;

    public static bool IsFalse(IEnumerable<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == False;
}
