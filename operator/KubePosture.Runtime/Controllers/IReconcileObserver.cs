using KubePosture.Runtime.Client;

namespace KubePosture.Runtime.Controllers;

/// <summary>Outcomes of reconciles, for metrics. <c>result</c> is one of <see cref="ReconcileOutcome"/>.</summary>
public interface IReconcileObserver
{
    void Reconciled(string controller, ObjectKey key, ReconcileOutcome outcome, TimeSpan duration);
}

public enum ReconcileOutcome
{
    /// <summary>Succeeded, nothing requested.</summary>
    Success,

    /// <summary>Succeeded with a RequeueAfter.</summary>
    Requeue,

    /// <summary>Threw; retried with backoff.</summary>
    Error,

    /// <summary>Terminal error; not retried.</summary>
    Terminal,

    /// <summary>Cancelled by shutdown.</summary>
    Cancelled,
}
