using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace KubePosture.Api.Tests;

public class ExampleAndSerializationTests
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", name));

    private static YamlMappingNode Schema(string plural) =>
        YamlTree.Schema(YamlTree.LoadAll(CrdGenerator.Generate().Single(f => f.FileName == $"kubeposture.io_{plural}.yaml").Yaml).Single());

    [Theory]
    [InlineData("posturescan.yaml", "posturescans")]
    [InlineData("postureexception.yaml", "postureexceptions")]
    public void Examples_conform_to_the_generated_schema(string file, string plural)
    {
        var document = YamlTree.LoadAll(Example(file)).Single();
        Assert.Empty(SchemaConformance.Check(document, Schema(plural)));
    }

    [Fact]
    public void The_conformance_check_catches_what_the_API_server_would_reject()
    {
        const string Bad = """
            apiVersion: kubeposture.io/v1alpha1
            kind: PostureScan
            metadata: {name: x}
            spec:
              intervall: 6h
              interval: 6 hours
              failOn: high
              reporting: {maxFindingsInStatus: 500}
              checks: {include: [Pod.X]}
            """;
        var problems = SchemaConformance.Check(YamlTree.LoadAll(Bad).Single(), Schema("posturescans"));
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith(".spec.intervall: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void The_example_scan_deserializes_and_passes_validation()
    {
        var scan = KubernetesYaml.Deserialize<PostureScan>(Example("posturescan.yaml"));
        Assert.Equal("cluster", scan.Metadata.Name);
        Assert.Equal("kubeposture", scan.Metadata.NamespaceProperty);
        Assert.Equal("6h", scan.Spec.Interval);
        Assert.Equal(["kube-node-lease"], scan.Spec.Scope!.ExcludeNamespaces!);
        Assert.True(scan.Spec.Aws!.Enabled);
        Assert.Equal(20, scan.Spec.Reporting.MaxFindingsInStatus);
        // Off unless asked for: the export needs the optional securityhub IAM statement, without which the scan is Degraded
        // (make demo turns it on for its own copy).
        Assert.False(scan.Spec.Export?.SecurityHub?.Enabled ?? false);
        Assert.Empty(PostureScanValidator.Validate(scan.Spec, Catalog.CheckIds, Catalog.Categories, Catalog.Now));
        Assert.Empty(PostureScanValidator.ValidateScope(scan.Spec, "kubeposture", "kubeposture"));
    }

    [Fact]
    public void The_example_exception_deserializes_and_passes_validation()
    {
        var exception = KubernetesYaml.Deserialize<PostureException>(Example("postureexception.yaml"));
        Assert.Equal(new DateTime(2027, 3, 31, 0, 0, 0, DateTimeKind.Utc), exception.Spec.ExpiresAt.ToUniversalTime());
        Assert.Equal("legacy-billing-*", exception.Spec.Resources![0].Name);
        Assert.Empty(PostureExceptionValidator.Validate(exception.Spec, Catalog.CheckIds, Catalog.Now));
    }

    [Fact]
    public void Missing_fields_take_the_documented_defaults_in_memory()
    {
        var scan = KubernetesJson.Deserialize<PostureScan>("""{"apiVersion":"kubeposture.io/v1alpha1","kind":"PostureScan","metadata":{"name":"x"},"spec":{}}""");
        Assert.Equal("6h", scan.Spec.Interval);
        Assert.Equal("High", scan.Spec.FailOn);
        Assert.False(scan.Spec.Suspend);
        Assert.Equal(20, scan.Spec.Reporting.MaxFindingsInStatus);
        Assert.False(scan.Spec.Exceptions.AllowAnnotations);
        Assert.Null(scan.Status);
    }

    [Fact]
    public void Status_serializes_with_the_API_field_names()
    {
        var when = new DateTime(2026, 11, 28, 4, 0, 0, DateTimeKind.Utc);
        var scan = new PostureScan
        {
            Metadata = new V1ObjectMeta { Name = "cluster", NamespaceProperty = "kubeposture", Generation = 3 },
            Status = new PostureScanStatus
            {
                ObservedGeneration = 3,
                Conditions = [new V1Condition { Type = ConditionTypes.Ready, Status = "True", Reason = ConditionReasons.ScanCompleted, Message = "done", LastTransitionTime = when, ObservedGeneration = 3 }],
                LastScan = new LastScanStatus { StartTime = when, CompletionTime = when.AddSeconds(2), DurationSeconds = 2.5, ObjectsEvaluated = 120, ChecksRun = 30, AwsCalls = 12 },
                NextScanTime = when.AddHours(6),
                Summary = new ScanSummaryStatus { Critical = 1, High = 2, Score = 71, PodSecurity = new PodSecurityCounts { Restricted = 3 } },
                TopFindings = [new TopFinding { CheckId = "pod.privileged", Severity = "Critical", Resource = new FindingResource { ApiVersion = "apps/v1", Kind = "Deployment", Namespace = "team-a", Name = "web" }, Message = "container app runs privileged" }],
                ReportRefs = [new ReportRef { ApiVersion = "openreports.io/v1alpha1", Kind = "Report", Namespace = "team-a", Name = "kubeposture-cluster", Results = 4 }],
            },
        };

        var json = JsonNode.Parse(KubernetesJson.Serialize(scan))!;
        Assert.Equal("kubeposture.io/v1alpha1", (string?)json["apiVersion"]);
        Assert.Equal("PostureScan", (string?)json["kind"]);
        var status = json["status"]!;
        Assert.Equal(3, (long?)status["observedGeneration"]);
        Assert.Equal("Ready", (string?)status["conditions"]![0]!["type"]);
        Assert.Equal(120, (long?)status["lastScan"]!["objectsEvaluated"]);
        Assert.Equal(12, (long?)status["lastScan"]!["awsCalls"]);
        Assert.Equal(71, (int?)status["summary"]!["score"]);
        Assert.Equal(3, (int?)status["summary"]!["podSecurity"]!["restricted"]);
        Assert.Equal("team-a", (string?)status["topFindings"]![0]!["resource"]!["namespace"]);
        Assert.Equal("Report", (string?)status["reportRefs"]![0]!["kind"]);

        var back = KubernetesJson.Deserialize<PostureScan>(json.ToJsonString());
        Assert.Equal(when.AddHours(6), back.Status!.NextScanTime!.Value.ToUniversalTime());
        Assert.Equal("pod.privileged", back.Status.TopFindings![0].CheckId);
    }

    [Fact]
    public void Serialized_status_conforms_to_the_status_schema()
    {
        var when = new DateTime(2026, 11, 28, 4, 0, 0, DateTimeKind.Utc);
        var status = new PostureScanStatus
        {
            ObservedGeneration = 1,
            Conditions = [new V1Condition { Type = ConditionTypes.Compliant, Status = "False", Reason = ConditionReasons.FindingsAtThreshold, Message = "2 High", LastTransitionTime = when }],
            Summary = new ScanSummaryStatus { High = 2, Score = 80 },
            TopFindings = [new TopFinding { CheckId = "pod.run-as-root", Severity = "High", Resource = new FindingResource { Kind = "Deployment", Name = "web" } }],
        };
        var scan = new PostureScan { Metadata = new V1ObjectMeta { Name = "x" }, Status = status };
        var yaml = KubernetesYaml.Serialize(scan);
        var problems = SchemaConformance.Check(YamlTree.LoadAll(yaml).Single().Map("status"), Schema("posturescans").Map("properties").Map("status"), ".status");
        Assert.Empty(problems);
    }

    [Fact]
    public void Entity_attributes_agree_with_the_constants()
    {
        var scan = new PostureScan();
        Assert.Equal(ApiConstants.ApiVersion, scan.ApiVersion);
        Assert.Equal(ApiConstants.PostureScanKind, scan.Kind);
        var entity = typeof(PostureException).GetCustomAttributes(typeof(KubernetesEntityAttribute), false).Cast<KubernetesEntityAttribute>().Single();
        Assert.Equal((ApiConstants.Group, ApiConstants.Version, ApiConstants.PostureExceptionPlural), (entity.Group, entity.ApiVersion, entity.PluralName));
        Assert.Equal(ApiConstants.PostureExceptionListKind, new PostureExceptionList().Kind);
    }
}
