using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KubePosture.Operator.Hosting;

/// <summary>The Kestrel listeners for metrics and health probes, and the ports they were bound to (port 0 = OS-chosen).</summary>
public sealed class OperatorEndpoints
{
    internal ListenOptions? Metrics { get; set; }

    internal ListenOptions? Health { get; set; }

    /// <summary>Bound port of <c>/metrics</c>; 0 when off.</summary>
    public int MetricsPort => Metrics?.IPEndPoint?.Port ?? 0;

    /// <summary>Bound port of <c>/healthz</c> and <c>/readyz</c>; 0 when off.</summary>
    public int HealthPort => Health?.IPEndPoint?.Port ?? 0;
}
