using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Types;

/// <summary>A printer column of a Table response: for CRDs from additionalPrinterColumns.</summary>
internal sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);

/// <summary>One served resource at one version (group/version/plural), built-in or defined by a CRD.</summary>
internal sealed class ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public string ListKind => Kind + "List";
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The type has a /status subresource: the main endpoint ignores status, /status ignores the rest.</summary>
    public bool HasStatus { get; init; }

    /// <summary>metadata.generation is set on create and moves when anything outside metadata/status changes.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Served only by POST (reviews): create is the only verb, nothing is stored.</summary>
    public bool CreateOnly { get; init; }

    /// <summary>PUT of a missing object creates it (kube-apiserver: endpoints, leases are not).</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>PUT without metadata.resourceVersion is allowed (false for custom resources).</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>DELETE answers with the deleted object rather than a Status (pods, namespaces, custom resources).</summary>
    public bool ReturnDeletedObject { get; init; }

    public bool IsCustom { get; init; }

    /// <summary>The CRD's openAPIV3Schema for this version (custom resources only).</summary>
    public JsonObject? Schema { get; init; }

    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>Field paths that fieldSelector accepts besides metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>"pods" or "deployments.apps": the key objects are stored under, independent of version.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>"Pod" or "Widget.example.com" as kube-apiserver names the kind in Invalid messages.</summary>
    public string QualifiedKind => Group.Length == 0 || !IsCustom ? Kind : Kind + "." + Group;

    public IReadOnlyList<string> Verbs => CreateOnly
        ? ["create"]
        : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public override string ToString() => $"{GroupResource}/{Version}";
}
