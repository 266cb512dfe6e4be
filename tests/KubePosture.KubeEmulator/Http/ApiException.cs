using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Http;

/// <summary>A request failure answered as a Kubernetes <c>Status</c> object.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Code { get; }
    public string Reason { get; }
    public JsonObject? Details { get; }
    public int? RetryAfterSeconds { get; }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null) status["details"] = Details.DeepClone();
        status["code"] = Code;
        return status;
    }

    private static JsonObject NameDetails(string? group, string resource, string? name)
    {
        var d = new JsonObject();
        if (!string.IsNullOrEmpty(name)) d["name"] = name;
        if (!string.IsNullOrEmpty(group)) d["group"] = group;
        d["kind"] = resource;
        return d;
    }

    /// <summary>"pods" or "deployments.apps", as kube-apiserver prints a group resource.</summary>
    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : resource + "." + group;

    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", NameDetails(group, resource, name));

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", NameDetails(group, resource, name));

    public static ApiException Conflict(string group, string resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {detail}", NameDetails(group, resource, name));

    public static ApiException StaleResourceVersion(string group, string resource, string name) =>
        Conflict(group, resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException UnsupportedMediaType(string message) => new(415, "UnsupportedMediaType", message);

    public static ApiException Forbidden(string message, string group, string resource, string? name) =>
        new(403, "Forbidden", message, NameDetails(group, resource, name));

    public static ApiException NamespaceTerminating(string group, string resource, string name, string ns)
    {
        var details = NameDetails(group, resource, name);
        details["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "NamespaceTerminating",
            ["message"] = $"namespace {ns} is being terminated",
            ["field"] = "metadata.namespace",
        });
        return new ApiException(403, "Forbidden",
            $"{Qualified(group, resource)} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", details);
    }

    /// <summary>422 Invalid listing every field error, in kube-apiserver's message form.</summary>
    public static ApiException Invalid(string qualifiedKind, string name, string group, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var e in errors)
        {
            causes.Add(new JsonObject { ["reason"] = e.Reason, ["message"] = e.Detail, ["field"] = e.Field });
        }
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0) details["group"] = group;
        details["kind"] = qualifiedKind.Split('.')[0];
        details["causes"] = causes;
        var joined = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details);
    }
}

/// <summary>One field validation error (k8s.io/apimachinery field.Error).</summary>
internal sealed record FieldError(string Field, string Reason, string Detail)
{
    public override string ToString() => $"{Field}: {Detail}";

    public static FieldError Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : "Required value: " + detail);

    public static FieldError InvalidValue(string field, string renderedValue, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {renderedValue}: {detail}");

    public static FieldError NotSupported(string field, string renderedValue, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: {renderedValue}: supported values: {string.Join(", ", supported)}");

    public static FieldError TooLong(string field, int max) =>
        new(field, "FieldValueTooLong", $"Too long: may not be more than {max} bytes");

    public static FieldError TooMany(string field, int actual, int max) =>
        new(field, "FieldValueTooMany", $"Too many: {actual}: must have at most {max} items");

    public static FieldError Forbidden(string field, string detail) => new(field, "FieldValueForbidden", "Forbidden: " + detail);
}
