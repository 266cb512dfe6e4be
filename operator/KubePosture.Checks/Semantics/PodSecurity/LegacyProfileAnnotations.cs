namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// The annotations that set AppArmor and seccomp profiles before the securityContext fields existed. Pod Security
/// admission still reads the AppArmor ones at every policy version, and the seccomp ones before v1.19.
/// </summary>
public static class LegacyProfileAnnotations
{
    public const string AppArmorContainerPrefix = "container.apparmor.security.beta.kubernetes.io/";
    public const string SeccompPod = "seccomp.security.alpha.kubernetes.io/pod";
    public const string SeccompContainerPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    /// <summary>True for the annotation keys the inventory keeps (<see cref="Inventory.PodSpecRecord.SecurityAnnotations"/>).</summary>
    public static bool IsSecurityAnnotation(string key) =>
        key.StartsWith(AppArmorContainerPrefix, StringComparison.Ordinal)
        || key == SeccompPod
        || key.StartsWith(SeccompContainerPrefix, StringComparison.Ordinal);

    /// <summary>runtime/default → RuntimeDefault, localhost/NAME → Localhost, unconfined → Unconfined; anything else as written.</summary>
    public static string AppArmorType(string annotationValue) => annotationValue switch
    {
        "runtime/default" => "RuntimeDefault",
        "unconfined" => "Unconfined",
        _ when annotationValue.StartsWith("localhost/", StringComparison.Ordinal) => "Localhost",
        _ => annotationValue,
    };

    /// <summary>Baseline allows an AppArmor annotation that is empty, runtime/default or localhost/*.</summary>
    public static bool AppArmorAnnotationAllowed(string value) =>
        value.Length == 0 || value == "runtime/default" || value.StartsWith("localhost/", StringComparison.Ordinal);

    /// <summary>Baseline (before v1.19) allows a seccomp annotation of runtime/default, docker/default or localhost/*.</summary>
    public static bool SeccompAnnotationAllowed(string value) =>
        value is "runtime/default" or "docker/default" || value.StartsWith("localhost/", StringComparison.Ordinal);
}
