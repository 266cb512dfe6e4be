namespace KubePosture.Operator.Exceptions;

/// <summary>
/// Which scans can apply which PostureExceptions (the tenancy rule for exceptions): a scan in the control namespace
/// applies every exception (its scope may cover any namespace); a scan elsewhere applies its own namespace's
/// exceptions and the control namespace's.
/// </summary>
public static class ExceptionScope
{
    public static bool Applies(string? exceptionNamespace, string? scanNamespace, string controlNamespace) =>
        scanNamespace == controlNamespace || exceptionNamespace == scanNamespace || exceptionNamespace == controlNamespace;
}
