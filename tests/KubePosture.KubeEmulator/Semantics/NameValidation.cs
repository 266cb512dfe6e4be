using System.Text.RegularExpressions;
using KubePosture.KubeEmulator.Http;

namespace KubePosture.KubeEmulator.Semantics;

/// <summary>Object name rules (DNS-1123 subdomain / label) with kube-apiserver's messages.</summary>
internal static partial class NameValidation
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    public static FieldError? CheckSubdomain(string field, string name)
    {
        if (name.Length <= 253 && Subdomain().IsMatch(name)) return null;
        return FieldError.InvalidValue(field, Q(name),
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    public static FieldError? CheckLabel(string field, string name)
    {
        if (name.Length <= 63 && Label().IsMatch(name)) return null;
        return FieldError.InvalidValue(field, Q(name),
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    }

    private static string Q(string s) => "\"" + s + "\"";
}
