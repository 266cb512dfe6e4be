using KubePosture.Runtime.Client;

namespace KubePosture.Runtime.Controllers;

/// <summary>Brings one object's world in line with its spec. Gets a key, never an event; re-reads state; idempotent.</summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
