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

/// <summary>
/// A handler that takes a (re)list page by page, so the informer need not hold every object of the kind at once (a
/// 50,000-pod LIST as KubernetesClient models is hundreds of MiB; a handler that keeps slim records needs one page).
/// <see cref="IInformerHandler{T}.OnReplaced"/> is not called for such a handler.
/// </summary>
public interface IPagedReplaceHandler<T> : IInformerHandler<T>
{
    /// <summary>A (re)list starts; pages follow; the state is replaced only at <see cref="OnReplaceCompleted"/>.</summary>
    void OnReplaceStarted();

    /// <summary>One page of the (re)list.</summary>
    void OnReplacePage(IReadOnlyList<T> page);

    /// <summary>The (re)list completed: the pages received since <see cref="OnReplaceStarted"/> are the complete current state.</summary>
    void OnReplaceCompleted();
}
