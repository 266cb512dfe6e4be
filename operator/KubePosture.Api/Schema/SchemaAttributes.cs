namespace KubePosture.Api.Schema;

// Small authoring attributes read by CrdGenerator. They describe the OpenAPI v3 schema of a CRD field
// next to the C# property, so the generated CRD and the types cannot drift apart.

/// <summary>Description of a field or type, emitted as the schema's <c>description</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class DescriptionAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>The field's value must be one of these strings (<c>enum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnumAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>Inclusive lower bound of a number (<c>minimum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
}

/// <summary>Inclusive upper bound of a number (<c>maximum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
}

/// <summary>ECMA 262 regular expression a string must match (<c>pattern</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string regex) : Attribute
{
    public string Regex { get; } = regex;
}

/// <summary>String format such as <c>date-time</c> (<c>format</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormatAttribute(string format) : Attribute
{
    public string Format { get; } = format;
}

/// <summary>
/// Value the API server fills in when the field is absent (<c>default</c>). Use <see cref="EmptyObject"/> on an
/// object-valued field so that the defaults of its own fields apply even when the user omits the object.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultAttribute : Attribute
{
    public DefaultAttribute(string value) => Value = value;
    public DefaultAttribute(int value) => Value = value;
    public DefaultAttribute(bool value) => Value = value;
    public DefaultAttribute() => EmptyObject = true;

    /// <summary>A string, int or bool; null when <see cref="EmptyObject"/> is set.</summary>
    public object? Value { get; }

    /// <summary>The default is <c>{}</c>.</summary>
    public bool EmptyObject { get; }
}

/// <summary>The field must be present (listed in the parent's <c>required</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;

/// <summary>Upper bound on the number of list items (<c>maxItems</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxItemsAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>Lower bound on the number of list items (<c>minItems</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinItemsAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>Upper bound on a string's length (<c>maxLength</c>); on a list or map, applies to each item.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxLengthAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>Lower bound on a string's length (<c>minLength</c>); on a list or map, applies to each item.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinLengthAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>Upper bound on the number of map entries (<c>maxProperties</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxPropertiesAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>
/// A list whose items are identified by key fields (<c>x-kubernetes-list-type: map</c>), as conditions keyed by
/// <c>type</c>; server-side apply merges such lists item by item.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapKeysAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}

/// <summary>A list of unique scalars (<c>x-kubernetes-list-type: set</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;

/// <summary>Short names for kubectl (<c>kubectl get pscan</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortNamesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>Categories the resource belongs to (<c>kubectl get kubeposture</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CategoriesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>A column of <c>kubectl get</c> (<c>additionalPrinterColumns</c>), emitted in <see cref="Order"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(int order, string name, string type, string jsonPath) : Attribute
{
    public int Order { get; } = order;
    public string Name { get; } = name;

    /// <summary>string, integer, number, boolean or date.</summary>
    public string Type { get; } = type;
    public string JsonPath { get; } = jsonPath;
    public string? Description { get; init; }

    /// <summary>0 shows in the default view; higher only with <c>-o wide</c>.</summary>
    public int Priority { get; init; }
}
