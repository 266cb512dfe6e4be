using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Compliance;

/// <summary>A workload in scope that breaks <paramref name="Failed"/> at its namespace's enforce <paramref name="Version"/>.</summary>
public sealed record PodSecurityFailure(WorkloadRecord Workload, PodSecurityVersion Version, PodSecurityControlSet Failed);
