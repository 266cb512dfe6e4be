namespace KubePosture.Api;

/// <summary>Names of the kubeposture.io API: group, version, kinds, plurals, annotations, finalizer.</summary>
public static class ApiConstants
{
    public const string Group = "kubeposture.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;

    public const string PostureScanKind = "PostureScan";
    public const string PostureScanListKind = "PostureScanList";
    public const string PostureScanPlural = "posturescans";
    public const string PostureScanSingular = "posturescan";
    public const string PostureScanShortName = "pscan";

    public const string PostureExceptionKind = "PostureException";
    public const string PostureExceptionListKind = "PostureExceptionList";
    public const string PostureExceptionPlural = "postureexceptions";
    public const string PostureExceptionSingular = "postureexception";
    public const string PostureExceptionShortName = "pexc";

    /// <summary>The category both kinds belong to: <c>kubectl get kubeposture</c>.</summary>
    public const string Category = "kubeposture";

    /// <summary>Finalizer the operator puts on a PostureScan to remove its reports and metric series.</summary>
    public const string Finalizer = Group + "/finalizer";

    /// <summary>Changing this annotation's value on a PostureScan requests a rescan.</summary>
    public const string RescanAnnotation = Group + "/rescan";

    /// <summary>
    /// Annotation on a workload naming the check ids (comma separated) it is excepted from; honoured only when the
    /// scan sets <c>spec.exceptions.allowAnnotations</c>.
    /// </summary>
    public const string IgnoreChecksAnnotation = Group + "/ignore-checks";

    /// <summary>Annotation giving the reason for <see cref="IgnoreChecksAnnotation"/>.</summary>
    public const string IgnoreReasonAnnotation = Group + "/ignore-reason";
}
