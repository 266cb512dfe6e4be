using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>Amazon ECR (awsJson1_1) from the fixture's ecr section.</summary>
public sealed class EcrService(AccountFixture fixture) : IEmulatedService
{
    private static readonly string[] Internal = ["images", "policyText", "lifecyclePolicyText", "scanFrequency"];

    public string Name => "ecr";

    public IReadOnlyCollection<string> Operations { get; } =
    [
        "DescribeRepositories", "DescribeImages", "DescribeImageScanFindings", "GetRegistryScanningConfiguration",
        "BatchGetRepositoryScanningConfiguration", "GetRepositoryPolicy", "GetLifecyclePolicy",
    ];

    private JsonObject Section => fixture.Section("ecr");

    private IEnumerable<JsonObject> Repositories => AccountFixture.Objects(Section["repositories"]);

    public EmulatorResponse Handle(EmulatorRequest r) => r.Operation switch
    {
        "DescribeRepositories" => DescribeRepositories(r),
        "DescribeImages" => DescribeImages(r),
        "DescribeImageScanFindings" => DescribeImageScanFindings(r),
        "GetRegistryScanningConfiguration" => Wire.Json(new JsonObject
        {
            ["registryId"] = fixture.Account,
            ["scanningConfiguration"] = Section["registryScanningConfiguration"]?.DeepClone() ?? new JsonObject { ["scanType"] = "BASIC", ["rules"] = new JsonArray() },
        }),
        "BatchGetRepositoryScanningConfiguration" => BatchGetScanning(r),
        "GetRepositoryPolicy" => GetPolicy(r, "policyText", "RepositoryPolicyNotFoundException", "Repository policy does not exist"),
        "GetLifecyclePolicy" => GetPolicy(r, "lifecyclePolicyText", "LifecyclePolicyNotFoundException", "Lifecycle policy does not exist"),
        _ => throw new EmulatorErrorException(400, "UnknownOperationException", r.Operation),
    };

    private string RegistryId(EmulatorRequest r) => r.JsonString("registryId") ?? fixture.Account;

    private JsonObject Repository(EmulatorRequest r)
    {
        var name = r.RequiredJsonString("repositoryName");
        var registry = RegistryId(r);
        return Repositories.FirstOrDefault(x => AccountFixture.Str(x, "repositoryName") == name && registry == fixture.Account)
            ?? throw new EmulatorErrorException(400, "RepositoryNotFoundException",
                $"The repository with name '{name}' does not exist in the registry with id '{registry}'");
    }

    private JsonObject RepositoryJson(JsonObject repo)
    {
        var name = AccountFixture.Str(repo, "repositoryName")!;
        var o = new JsonObject
        {
            ["repositoryArn"] = $"arn:{fixture.Partition}:ecr:{fixture.Region}:{fixture.Account}:repository/{name}",
            ["registryId"] = fixture.Account,
            ["repositoryName"] = name,
            ["repositoryUri"] = $"{fixture.Account}.dkr.ecr.{fixture.Region}.{(fixture.Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com")}/{name}",
        };
        foreach (var (k, v) in repo)
            if (!Internal.Contains(k) && !o.ContainsKey(k)) o[k] = v?.DeepClone();
        o["imageTagMutability"] ??= "MUTABLE";
        o["imageScanningConfiguration"] ??= new JsonObject { ["scanOnPush"] = false };
        o["encryptionConfiguration"] ??= new JsonObject { ["encryptionType"] = "AES256" };
        return o;
    }

    private EmulatorResponse DescribeRepositories(EmulatorRequest r)
    {
        var all = Repositories.ToList();
        if (r.Json["repositoryNames"] is JsonArray names)
        {
            var wanted = names.Select(n => n!.GetValue<string>()).ToList();
            foreach (var n in wanted)
                if (all.All(x => AccountFixture.Str(x, "repositoryName") != n))
                    throw new EmulatorErrorException(400, "RepositoryNotFoundException", $"The repository with name '{n}' does not exist in the registry with id '{RegistryId(r)}'");
            all = all.Where(x => wanted.Contains(AccountFixture.Str(x, "repositoryName")!)).ToList();
        }
        var (items, next) = Paging.Page(all, r.JsonString("nextToken"), r.JsonInt("maxResults"), fixture.PageSize);
        return Wire.Json(Paging.JsonBody("repositories", items.Select(i => (JsonNode)RepositoryJson(i)), next));
    }

    private static IEnumerable<JsonObject> Images(JsonObject repo) => AccountFixture.Objects(repo["images"]);

    private static JsonObject? FindImage(JsonObject repo, JsonNode? imageId)
    {
        var digest = AccountFixture.Str(imageId, "imageDigest");
        var tag = AccountFixture.Str(imageId, "imageTag");
        return Images(repo).FirstOrDefault(i => digest is not null
            ? AccountFixture.Str(i, "imageDigest") == digest
            : tag is not null && i["imageTags"] is JsonArray tags && tags.Any(t => t?.GetValue<string>() == tag));
    }

    private EmulatorErrorException ImageNotFound(JsonObject repo, JsonNode? imageId) => new(400, "ImageNotFoundException",
        $"The image with imageId {{imageDigest:'{AccountFixture.Str(imageId, "imageDigest")}', imageTag:'{AccountFixture.Str(imageId, "imageTag") ?? "null"}'}} does not exist within the repository with name '{AccountFixture.Str(repo, "repositoryName")}' in the registry with id '{fixture.Account}'");

    private JsonObject ImageDetail(JsonObject repo, JsonObject image)
    {
        var o = new JsonObject
        {
            ["registryId"] = fixture.Account,
            ["repositoryName"] = AccountFixture.Str(repo, "repositoryName"),
            ["imageDigest"] = AccountFixture.Str(image, "imageDigest"),
            ["imageTags"] = image["imageTags"]?.DeepClone() ?? new JsonArray(),
            ["imageSizeInBytes"] = image["imageSizeInBytes"]?.DeepClone() ?? 52428800,
            ["imagePushedAt"] = image["imagePushedAt"]?.DeepClone(),
            ["imageManifestMediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["artifactMediaType"] = "application/vnd.oci.image.config.v1+json",
        };
        if (image["lastRecordedPullTime"] is { } pulled) o["lastRecordedPullTime"] = pulled.DeepClone();
        if (image["imageScanStatus"] is { } status)
        {
            o["imageScanStatus"] = status.DeepClone();
            if (image["imageScanCompletedAt"] is { } completed)
                o["imageScanFindingsSummary"] = new JsonObject
                {
                    ["imageScanCompletedAt"] = completed.DeepClone(),
                    ["vulnerabilitySourceUpdatedAt"] = image["vulnerabilitySourceUpdatedAt"]?.DeepClone() ?? completed.DeepClone(),
                    ["findingSeverityCounts"] = SeverityCounts(image),
                };
        }
        return o;
    }

    private static JsonObject SeverityCounts(JsonObject image)
    {
        if (image["findingSeverityCounts"] is JsonObject given) return (JsonObject)given.DeepClone();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in AccountFixture.Objects(image["findings"]).Concat(AccountFixture.Objects(image["enhancedFindings"])))
        {
            var severity = AccountFixture.Str(f, "severity") ?? "UNDEFINED";
            counts[severity] = counts.GetValueOrDefault(severity) + 1;
        }
        var o = new JsonObject();
        foreach (var (k, v) in counts) o[k] = v;
        return o;
    }

    private EmulatorResponse DescribeImages(EmulatorRequest r)
    {
        var repo = Repository(r);
        List<JsonObject> images;
        if (r.Json["imageIds"] is JsonArray ids && ids.Count > 0)
        {
            images = [];
            foreach (var id in ids)
                images.Add(FindImage(repo, id) ?? throw ImageNotFound(repo, id));
        }
        else
        {
            images = Images(repo).ToList();
        }
        var (items, next) = Paging.Page(images, r.JsonString("nextToken"), r.JsonInt("maxResults"), fixture.PageSize);
        return Wire.Json(Paging.JsonBody("imageDetails", items.Select(i => (JsonNode)ImageDetail(repo, i)), next));
    }

    private EmulatorResponse DescribeImageScanFindings(EmulatorRequest r)
    {
        var repo = Repository(r);
        var imageId = r.Json["imageId"] ?? throw new EmulatorErrorException(400, "InvalidParameterException", "imageId must not be null");
        var image = FindImage(repo, imageId) ?? throw ImageNotFound(repo, imageId);
        if (image["imageScanStatus"] is not JsonObject status)
            throw new EmulatorErrorException(400, "ScanNotFoundException",
                $"Image scan does not exist for image with '{{imageDigest:'{AccountFixture.Str(image, "imageDigest")}'}}' in repository with name '{AccountFixture.Str(repo, "repositoryName")}' in the registry with id '{fixture.Account}'");
        var enhanced = image["enhancedFindings"] is JsonArray;
        var all = AccountFixture.Objects(enhanced ? image["enhancedFindings"] : image["findings"]).ToList();
        var (items, next) = Paging.Page(all, r.JsonString("nextToken"), r.JsonInt("maxResults"), fixture.PageSize);
        var findings = new JsonObject
        {
            ["imageScanCompletedAt"] = image["imageScanCompletedAt"]?.DeepClone(),
            ["vulnerabilitySourceUpdatedAt"] = image["vulnerabilitySourceUpdatedAt"]?.DeepClone() ?? image["imageScanCompletedAt"]?.DeepClone(),
            ["findingSeverityCounts"] = SeverityCounts(image),
            [enhanced ? "enhancedFindings" : "findings"] = new JsonArray(items.Select(i => i.DeepClone()).ToArray()),
        };
        var body = new JsonObject
        {
            ["registryId"] = fixture.Account,
            ["repositoryName"] = AccountFixture.Str(repo, "repositoryName"),
            ["imageId"] = new JsonObject { ["imageDigest"] = AccountFixture.Str(image, "imageDigest") },
            ["imageScanStatus"] = status.DeepClone(),
            ["imageScanFindings"] = findings,
        };
        if (next is not null) body["nextToken"] = next;
        return Wire.Json(body);
    }

    private EmulatorResponse BatchGetScanning(EmulatorRequest r)
    {
        var configurations = new JsonArray();
        var failures = new JsonArray();
        foreach (var n in r.Json["repositoryNames"] as JsonArray ?? [])
        {
            var name = n!.GetValue<string>();
            var repo = Repositories.FirstOrDefault(x => AccountFixture.Str(x, "repositoryName") == name);
            if (repo is null)
            {
                failures.Add(new JsonObject { ["repositoryName"] = name, ["failureCode"] = "REPOSITORY_NOT_FOUND", ["failureReason"] = "REPOSITORY_NOT_FOUND" });
                continue;
            }
            var scanOnPush = repo["imageScanningConfiguration"]?["scanOnPush"]?.GetValue<bool>() ?? false;
            var frequency = AccountFixture.Str(repo, "scanFrequency") ?? (scanOnPush ? "SCAN_ON_PUSH" : "MANUAL");
            configurations.Add(new JsonObject
            {
                ["repositoryArn"] = $"arn:{fixture.Partition}:ecr:{fixture.Region}:{fixture.Account}:repository/{name}",
                ["repositoryName"] = name,
                ["scanOnPush"] = scanOnPush || frequency == "SCAN_ON_PUSH",
                ["scanFrequency"] = frequency,
                ["appliedScanFilters"] = frequency == "MANUAL" ? new JsonArray() : new JsonArray(new JsonObject { ["filter"] = "*", ["filterType"] = "WILDCARD" }),
            });
        }
        return Wire.Json(new JsonObject { ["scanningConfigurations"] = configurations, ["failures"] = failures });
    }

    private EmulatorResponse GetPolicy(EmulatorRequest r, string field, string notFoundCode, string notFoundMessage)
    {
        var repo = Repository(r);
        if (repo[field] is not { } policy)
            throw new EmulatorErrorException(400, notFoundCode, $"{notFoundMessage} for the repository with name '{AccountFixture.Str(repo, "repositoryName")}' in the registry with id '{fixture.Account}'");
        return Wire.Json(new JsonObject
        {
            ["registryId"] = fixture.Account,
            ["repositoryName"] = AccountFixture.Str(repo, "repositoryName"),
            [field] = Wire.DocumentText(policy),
        });
    }
}
