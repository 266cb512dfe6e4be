using System.Reflection;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using KubePosture.Api.Schema;
using YamlDotNet.RepresentationModel;

namespace KubePosture.Api.Tests;

public class CrdSchemaTests
{
    private static readonly string[] SchemaTypes = ["object", "array", "string", "integer", "number", "boolean"];

    private static YamlMappingNode Crd(string plural) =>
        YamlTree.LoadAll(CrdGenerator.Generate().Single(f => f.FileName == $"kubeposture.io_{plural}.yaml").Yaml).Single();

    public static TheoryData<string> Plurals => new(ApiConstants.PostureScanPlural, ApiConstants.PostureExceptionPlural);

    [Theory]
    [MemberData(nameof(Plurals))]
    public void Schema_is_structural_every_node_has_a_type_and_no_nullable_noise(string plural)
    {
        foreach (var (path, node) in YamlTree.Walk(YamlTree.Schema(Crd(plural))))
        {
            var type = node.Scalar("type");
            Assert.True(type is not null && SchemaTypes.Contains(type), $"{plural}{path}: type '{type}'");
            Assert.Null(node.Get("nullable"));
            if (type == "array")
                Assert.True(node.Get("items") is not null, $"{plural}{path}: array without items");
            if (node.Get("required") is YamlSequenceNode required)
            {
                var properties = (YamlMappingNode)node.Get("properties")!;
                foreach (YamlScalarNode name in required)
                    Assert.True(properties.Get(name.Value!) is not null, $"{plural}{path}: required {name.Value} is not a property");
            }
        }

        Assert.DoesNotContain("nullable", CrdGenerator.Generate().Single(f => f.FileName.Contains(plural, StringComparison.Ordinal)).Yaml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Plurals))]
    public void Defaults_satisfy_their_own_enum_and_pattern(string plural)
    {
        var defaults = 0;
        foreach (var (path, node) in YamlTree.Walk(YamlTree.Schema(Crd(plural))))
        {
            if (node.Get("default") is not YamlScalarNode value)
                continue;
            defaults++;
            if (node.Get("enum") is YamlSequenceNode values)
                Assert.Contains(value.Value, values.Children.Cast<YamlScalarNode>().Select(v => v.Value));
            if (node.Scalar("pattern") is { } pattern)
                Assert.Matches(new Regex(pattern), value.Value!);
            if (node.Scalar("type") == "boolean")
                Assert.True(value.Value is "true" or "false", $"{path}: boolean default {value.Value}");
            if (node.Scalar("type") == "integer")
                Assert.True(long.TryParse(value.Value, out _), $"{path}: integer default {value.Value}");
            if (node.Scalar("type") == "string")
                Assert.True(value.Style is not YamlDotNet.Core.ScalarStyle.Plain || !long.TryParse(value.Value, out _), $"{path}: string default must be quoted");
        }

        Assert.True(plural == ApiConstants.PostureExceptionPlural || defaults >= 8, $"{plural}: only {defaults} defaults");
    }

    [Fact]
    public void Every_spec_field_is_documented()
    {
        foreach (var plural in new[] { ApiConstants.PostureScanPlural, ApiConstants.PostureExceptionPlural })
        {
            foreach (var (path, node) in YamlTree.Walk(YamlTree.Schema(Crd(plural))).Where(n => n.Path.StartsWith(".spec", StringComparison.Ordinal)))
            {
                if (path.EndsWith("[]", StringComparison.Ordinal) || path.EndsWith("{}", StringComparison.Ordinal))
                    continue;
                Assert.False(string.IsNullOrWhiteSpace(node.Scalar("description")), $"{plural}{path} has no description");
            }
        }
    }

    [Fact]
    public void PostureScan_schema_carries_the_documented_rules()
    {
        var spec = YamlTree.Schema(Crd(ApiConstants.PostureScanPlural)).Map("properties").Map("spec");
        var props = spec.Map("properties");
        Assert.Equal("{}", YamlTree.Schema(Crd(ApiConstants.PostureScanPlural)).Map("properties").Map("spec").Get("default") is YamlMappingNode { Children.Count: 0 } ? "{}" : "missing");
        Assert.Equal("6h", props.Map("interval").Scalar("default"));
        Assert.Equal(Duration.Pattern, props.Map("interval").Scalar("pattern"));
        Assert.Equal("High", props.Map("failOn").Scalar("default"));
        Assert.Equal(SeverityNames.All, ((YamlSequenceNode)props.Map("failOn").Get("enum")!).Children.Cast<YamlScalarNode>().Select(s => s.Value));
        Assert.Equal("20", props.Map("reporting").Map("properties").Map("maxFindingsInStatus").Scalar("default"));
        Assert.Equal("100", props.Map("reporting").Map("properties").Map("maxFindingsInStatus").Scalar("maximum"));
        Assert.Equal("false", props.Map("exceptions").Map("properties").Map("allowAnnotations").Scalar("default"));
        Assert.IsType<YamlMappingNode>(props.Map("reporting").Get("default"));
        var overrides = props.Map("severityOverrides");
        Assert.Equal("object", overrides.Scalar("type"));
        Assert.NotNull(overrides.Map("additionalProperties").Get("enum"));
        Assert.Equal(AwsSpec.RoleArnPattern, props.Map("aws").Map("properties").Map("roleArn").Scalar("pattern"));

        var status = YamlTree.Schema(Crd(ApiConstants.PostureScanPlural)).Map("properties").Map("status").Map("properties");
        var conditions = status.Map("conditions");
        Assert.Equal("map", conditions.Scalar("x-kubernetes-list-type"));
        Assert.Equal("type", ((YamlSequenceNode)conditions.Get("x-kubernetes-list-map-keys")!).Children.Cast<YamlScalarNode>().Single().Value);
        var conditionRequired = ((YamlSequenceNode)conditions.Map("items").Get("required")!).Children.Cast<YamlScalarNode>().Select(s => s.Value).ToList();
        Assert.Contains("type", conditionRequired);
        Assert.Equal("100", status.Map("topFindings").Scalar("maxItems"));
        Assert.Equal("100", status.Map("summary").Map("properties").Map("score").Scalar("maximum"));
        Assert.Equal("date-time", status.Map("lastScan").Map("properties").Map("completionTime").Scalar("format"));
    }

    [Fact]
    public void PostureException_requires_spec_checks_justification_and_expiry()
    {
        var root = YamlTree.Schema(Crd(ApiConstants.PostureExceptionPlural));
        Assert.Equal(["spec"], ((YamlSequenceNode)root.Get("required")!).Children.Cast<YamlScalarNode>().Select(s => s.Value));
        var spec = root.Map("properties").Map("spec");
        Assert.Equal(["checks", "expiresAt", "justification"], ((YamlSequenceNode)spec.Get("required")!).Children.Cast<YamlScalarNode>().Select(s => s.Value));
        Assert.Equal("date-time", spec.Map("properties").Map("expiresAt").Scalar("format"));
        Assert.Equal("1", spec.Map("properties").Map("checks").Scalar("minItems"));
    }

    [Fact]
    public void Kubernetes_client_reads_the_crds_with_names_columns_and_status_subresource()
    {
        var scan = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdGenerator.Generate()[0].Yaml);
        Assert.Equal("posturescans.kubeposture.io", scan.Metadata.Name);
        Assert.Equal("Namespaced", scan.Spec.Scope);
        Assert.Equal(["pscan"], scan.Spec.Names.ShortNames);
        Assert.Equal(["kubeposture"], scan.Spec.Names.Categories);
        Assert.Equal("PostureScanList", scan.Spec.Names.ListKind);
        var version = Assert.Single(scan.Spec.Versions);
        Assert.True(version.Served && version.Storage);
        Assert.Equal("v1alpha1", version.Name);
        Assert.NotNull(version.Subresources.Status);
        Assert.Equal(
            ["Ready", "Compliant", "Critical", "High", "Score", "Last Scan", "Age"],
            version.AdditionalPrinterColumns.Where(c => (c.Priority ?? 0) == 0).Select(c => c.Name));
        Assert.Equal(".status.conditions[?(@.type==\"Ready\")].status", version.AdditionalPrinterColumns[0].JsonPath);
        Assert.Equal("date", version.AdditionalPrinterColumns.Single(c => c.Name == "Last Scan").Type);

        var exception = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdGenerator.Generate()[1].Yaml);
        Assert.Equal("postureexceptions.kubeposture.io", exception.Metadata.Name);
        Assert.Equal(["kubeposture"], exception.Spec.Names.Categories);
    }

    public static TheoryData<Type> OptionTypes =>
        new(typeof(PostureScanSpec), typeof(ReportingSpec), typeof(ExceptionsSpec), typeof(EcrSpec), typeof(AwsSpec), typeof(PostureScan));

    [Theory]
    [MemberData(nameof(OptionTypes))]
    public void Schema_defaults_equal_the_CSharp_initial_values(Type type)
    {
        // The API server applies schema defaults; code that builds objects in memory (tests, the offline scan) relies
        // on the initializers. Both must say the same.
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties())
        {
            if (property.GetCustomAttribute<DefaultAttribute>() is not { } attribute)
                continue;
            var actual = property.GetValue(instance);
            if (attribute.EmptyObject)
                Assert.True(actual is not null, $"{type.Name}.{property.Name} defaults to {{}} but starts null");
            else
                Assert.Equal(attribute.Value, actual);
        }
    }
}
