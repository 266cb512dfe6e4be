using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using KubePosture.Checks.Compliance;
using KubePosture.Operator.Cli.Scan;

namespace KubePosture.Operator.Tests.Scan;

/// <summary><c>kubeposture scan --framework</c>: the per-control table and json section, junit, csv and SARIF control tags.</summary>
public class ComplianceOutputTests
{
    /// <summary>A privileged Deployment (fails 4.2.1) and a hardened one; nothing shares the host IPC namespace (4.2.3 passes).</summary>
    private static readonly string Input = Manifests.PrivilegedDeployment + "\n---\n" + Manifests.RestrictedDeployment;

    /// <summary>
    /// The JUnit XML structure CI reporters read (the Jenkins/Surefire junit.xsd, reduced to what kubeposture writes):
    /// testsuites of testsuite of optional properties and testcase, each testcase with optional properties and at most one
    /// of failure, error or skipped; counts as non-negative integers.
    /// </summary>
    private const string JunitSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
          <xs:element name="testsuites">
            <xs:complexType>
              <xs:sequence><xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
              <xs:attribute name="name" type="xs:string"/>
              <xs:attribute name="tests" type="xs:nonNegativeInteger"/>
              <xs:attribute name="failures" type="xs:nonNegativeInteger"/>
              <xs:attribute name="errors" type="xs:nonNegativeInteger"/>
              <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
            </xs:complexType>
          </xs:element>
          <xs:element name="properties">
            <xs:complexType><xs:sequence><xs:element name="property" minOccurs="0" maxOccurs="unbounded">
              <xs:complexType><xs:attribute name="name" type="xs:string" use="required"/><xs:attribute name="value" type="xs:string" use="required"/></xs:complexType>
            </xs:element></xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="testsuite">
            <xs:complexType>
              <xs:sequence>
                <xs:element ref="properties" minOccurs="0"/>
                <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element ref="properties" minOccurs="0"/>
                      <xs:choice minOccurs="0">
                        <xs:element name="skipped"><xs:complexType><xs:attribute name="message" type="xs:string"/></xs:complexType></xs:element>
                        <xs:element name="failure"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
                          <xs:attribute name="message" type="xs:string"/><xs:attribute name="type" type="xs:string"/>
                        </xs:extension></xs:simpleContent></xs:complexType></xs:element>
                        <xs:element name="error"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
                          <xs:attribute name="message" type="xs:string"/><xs:attribute name="type" type="xs:string"/>
                        </xs:extension></xs:simpleContent></xs:complexType></xs:element>
                      </xs:choice>
                    </xs:sequence>
                    <xs:attribute name="name" type="xs:string" use="required"/>
                    <xs:attribute name="classname" type="xs:string" use="required"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
              <xs:attribute name="name" type="xs:string" use="required"/>
              <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
              <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
              <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
              <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    [Fact]
    public async Task Table_output_adds_the_per_control_table_with_every_result_kind()
    {
        using var dir = new ManifestDirectory();
        dir.Write("app.yaml", Input);

        var run = await ScanRun.InvokeAsync(["-f", dir.Path, "--framework", "cis-eks", "--skip", "pod.host-network"]);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        Assert.Contains("CIS Amazon EKS Benchmark 1.8.0 (cis-eks 1.8.0: ", run.Output, StringComparison.Ordinal);
        var rows = run.Output.Split('\n').SkipWhile(l => !l.StartsWith("CONTROL ", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.Length > 0).ToDictionary(l => l.Split(' ')[0], l => l);
        Assert.Equal(FrameworkCatalog.Find("cis-eks")!.Controls.Count, rows.Count);
        Assert.Contains("  FAIL ", rows["4.2.1"], StringComparison.Ordinal);
        Assert.Contains("  PASS ", rows["4.2.3"], StringComparison.Ordinal);
        Assert.Contains("  NOT-EVALUATED ", rows["4.2.4"], StringComparison.Ordinal); // pod.host-network skipped
        Assert.Contains("not selected", rows["4.2.4"], StringComparison.Ordinal);
        Assert.Contains("  NOT-EVALUATED ", rows["5.3.1"], StringComparison.Ordinal); // no --aws
        Assert.Contains("  MANUAL ", rows["3.2.1"], StringComparison.Ordinal);
        Assert.Contains("  AWS-MANAGED ", rows["1"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_output_without_framework_has_no_control_table()
    {
        using var dir = new ManifestDirectory();
        dir.Write("app.yaml", Input);
        var run = await ScanRun.InvokeAsync(["-f", dir.Path]);
        Assert.DoesNotContain("CONTROL", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_has_a_compliance_section_whose_counts_add_up()
    {
        using var dir = new ManifestDirectory();
        dir.Write("app.yaml", Input);

        var run = await ScanRun.InvokeAsync(["-f", dir.Path, "-o", "json", "--framework", "cis-eks,pss-restricted"]);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var frameworks = json.RootElement.GetProperty("compliance").EnumerateArray().ToArray();
        Assert.Equal(["cis-eks", "pss-restricted"], frameworks.Select(f => f.GetProperty("id").GetString()));
        foreach (var f in frameworks)
        {
            var controls = f.GetProperty("controls").EnumerateArray().ToArray();
            var counts = f.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.Equal(controls.Length, counts.Values.Sum());
            Assert.All(counts, c => Assert.Equal(c.Value, controls.Count(x => x.GetProperty("result").GetString() == c.Key)));
        }

        var privileged = frameworks[1].GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "privileged");
        Assert.Equal("fail", privileged.GetProperty("result").GetString());
        Assert.Equal("customer", privileged.GetProperty("responsibility").GetString());
        var finding = Assert.Single(privileged.GetProperty("findings").EnumerateArray());
        Assert.Equal(("Deployment", "shop", "web"), (finding.GetProperty("kind").GetString(), finding.GetProperty("namespace").GetString(), finding.GetProperty("name").GetString()));
        Assert.True(frameworks[0].GetProperty("score").GetInt32() is >= 0 and <= 100);
    }

    [Fact]
    public async Task An_unknown_framework_is_a_usage_error_naming_the_closest_id()
    {
        using var dir = new ManifestDirectory();
        dir.Write("app.yaml", Input);
        var run = await ScanRun.InvokeAsync(["-f", dir.Path, "--framework", "cis-ekz"]);
        Assert.Equal(ScanExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains("--framework[0] \"cis-ekz\": unknown framework; did you mean cis-eks?", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Junit_output_validates_against_the_junit_structure_with_a_testcase_per_control()
    {
        using var dir = new ManifestDirectory();
        dir.Write("app.yaml", Input);

        var run = await ScanRun.InvokeAsync(["-f", dir.Path, "-o", "junit"]);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        var schemas = new XmlSchemaSet();
        schemas.Add(null, XmlReader.Create(new StringReader(JunitSchema)));
        var doc = XDocument.Parse(run.Output);
        var problems = new List<string>();
        doc.Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var suites = doc.Root!.Elements("testsuite").ToArray();
        Assert.Equal(FrameworkCatalog.All.Select(f => $"{f.Id} {f.Version}"), suites.Select(s => (string)s.Attribute("name")!));
        foreach (var (suite, framework) in suites.Zip(FrameworkCatalog.All))
        {
            var cases = suite.Elements("testcase").ToArray();
            Assert.Equal(framework.Controls.Count, cases.Length);
            Assert.Equal((int)suite.Attribute("tests")!, cases.Length);
            Assert.Equal((int)suite.Attribute("failures")!, cases.Count(c => c.Element("failure") is not null));
            Assert.Equal((int)suite.Attribute("skipped")!, cases.Count(c => c.Element("skipped") is not null));
        }

        var cis = suites[0].Elements("testcase").ToDictionary(c => ((string)c.Attribute("name")!).Split(' ')[0]);
        var failure = cis["4.2.1"].Element("failure")!;
        Assert.Contains("pod.privileged Deployment/shop/web", failure.Value, StringComparison.Ordinal);
        Assert.Contains("app.yaml:1", failure.Value, StringComparison.Ordinal);
        Assert.StartsWith("manual: Read on the node itself", (string)cis["3.2.1"].Element("skipped")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.StartsWith("aws-managed: AWS runs", (string)cis["1"].Element("skipped")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.StartsWith("not-evaluated: ", (string)cis["5.3.1"].Element("skipped")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.Null(cis["4.2.3"].Element("skipped"));
        Assert.Null(cis["4.2.3"].Element("failure"));
        Assert.Equal("aws", cis["1"].Element("properties")!.Elements("property").Single(p => (string)p.Attribute("name")! == "responsibility").Attribute("value")!.Value);
    }

    [Fact]
    public async Task Csv_output_parses_back_to_a_row_per_control_and_failing_resource()
    {
        using var dir = new ManifestDirectory();
        dir.Write("app.yaml", Input);

        var run = await ScanRun.InvokeAsync(["-f", dir.Path, "-o", "csv", "--framework", "cis-eks"]);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        var rows = ParseCsv(run.Output);
        Assert.Equal(CsvReportWriter.Header, rows[0]);
        var records = rows.Skip(1).Select(r => CsvReportWriter.Header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToArray();
        Assert.All(rows, r => Assert.Equal(CsvReportWriter.Header.Length, r.Length));
        Assert.Equal(FrameworkCatalog.Find("cis-eks")!.Controls.Select(c => c.Id), records.Select(r => r["control"]).Distinct());
        var privileged = Assert.Single(records, r => r["control"] == "4.2.1");
        Assert.Equal(("fail", "pod.privileged", "Deployment", "shop", "web", "1"), (privileged["result"], privileged["check"], privileged["kind"], privileged["namespace"], privileged["name"], privileged["line"]));
        var manual = Assert.Single(records, r => r["control"] == "3.2.1");
        Assert.Equal(FrameworkCatalog.Find("cis-eks")!.Controls.Single(c => c.Id == "3.2.1").Assessment is ControlAssessment.Manual m ? m.Guidance : "", manual["reason"]); // quoted, with commas
        Assert.Equal(("manual", "shared", ""), (manual["result"], manual["responsibility"], manual["name"]));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    public void Csv_fields_are_quoted_and_formulas_defused(string value, string written) => Assert.Equal(written, CsvReportWriter.Field(value));

    [Fact]
    public async Task Sarif_results_carry_the_controls_they_fail_as_tags()
    {
        using var dir = new ManifestDirectory();
        dir.Write("app.yaml", Input);

        var run = await ScanRun.InvokeAsync(["-f", dir.Path, "-o", "sarif", "--checks", "pod.privileged,pod.readonly-root-fs"]);

        using var sarif = JsonDocument.Parse(run.Output);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToArray();
        var privileged = results.Single(r => r.GetProperty("ruleId").GetString() == "pod.privileged");
        var tags = privileged.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal(["cis-eks/4.2.1", "nsa-cisa/1.4", "pss-baseline/privileged", "pss-restricted/privileged"], tags); // not hostProcess: a filter
        var readOnly = results.First(r => r.GetProperty("ruleId").GetString() == "pod.readonly-root-fs");
        Assert.Equal(["nsa-cisa/1.2"], readOnly.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    /// <summary>RFC 4180: fields separated by commas, quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else if (ch == '\n' && fields.Count == 0 && field.Length == 0) { } // the writer's trailing newline
            else field.Append(ch);
        }

        Assert.False(quoted, "unterminated quoted field");
        Assert.True(field.Length == 0 && fields.Count == 0, "last record not terminated with CRLF");
        return rows;
    }
}
