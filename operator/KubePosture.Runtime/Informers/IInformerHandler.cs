namespace KubePosture.Runtime.Informers;

/// <summary>Receives what an <see cref="Informer{T}"/> observes. Called from the informer's loop, one call at a time.</summary>
public interface IInformerHandler<T>
{
    /// <summary>A (re)list completed: <paramref name="items"/> is the complete current state.</summary>
    void OnReplaced(IReadOnlyList<T> items);

    /// <summary>An object was added or modified.</summary>
    void OnUpsert(T item);

    /// <summary>An object was deleted (its last known state).</summary>
    void OnDelete(T item);
}
