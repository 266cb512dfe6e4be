using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>
/// AWS KMS (awsJson1_1, target prefix TrentService) from the fixture's kms.keys: keyId, keyState (Enabled, Disabled,
/// PendingDeletion, ...), keyManager (CUSTOMER or AWS), keySpec, origin, rotationEnabled, deletionDate, policy. Keys
/// are found by id, key ARN or an alias in aliases.
/// </summary>
public sealed class KmsService(AccountFixture fixture) : IEmulatedService
{
    public string Name => "kms";

    public IReadOnlyCollection<string> Operations { get; } = ["DescribeKey", "GetKeyRotationStatus", "GetKeyPolicy"];

    private string Arn(string keyId) => $"arn:{fixture.Partition}:kms:{fixture.Region}:{fixture.Account}:key/{keyId}";

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        var key = Find(r.RequiredJsonString("KeyId"));
        var keyId = AccountFixture.Str(key, "keyId")!;
        var state = AccountFixture.Str(key, "keyState") ?? "Enabled";
        switch (r.Operation)
        {
            case "DescribeKey":
            {
                var manager = AccountFixture.Str(key, "keyManager") ?? "CUSTOMER";
                var metadata = new JsonObject
                {
                    ["AWSAccountId"] = fixture.Account,
                    ["KeyId"] = keyId,
                    ["Arn"] = Arn(keyId),
                    ["CreationDate"] = key["creationDate"]?.DeepClone() ?? 1735689600.0,
                    ["Enabled"] = state == "Enabled",
                    ["Description"] = AccountFixture.Str(key, "description") ?? "",
                    ["KeyUsage"] = "ENCRYPT_DECRYPT",
                    ["KeyState"] = state,
                    ["Origin"] = AccountFixture.Str(key, "origin") ?? "AWS_KMS",
                    ["KeyManager"] = manager,
                    ["CustomerMasterKeySpec"] = AccountFixture.Str(key, "keySpec") ?? "SYMMETRIC_DEFAULT",
                    ["KeySpec"] = AccountFixture.Str(key, "keySpec") ?? "SYMMETRIC_DEFAULT",
                    ["EncryptionAlgorithms"] = new JsonArray("SYMMETRIC_DEFAULT"),
                    ["MultiRegion"] = false,
                };
                if (key["deletionDate"] is { } deletion) metadata["DeletionDate"] = deletion.DeepClone();
                return Wire.Json(new JsonObject { ["KeyMetadata"] = metadata });
            }
            case "GetKeyRotationStatus":
                if (state is "PendingDeletion" or "PendingImport" or "Unavailable")
                    throw new EmulatorErrorException(400, "KMSInvalidStateException", $"{Arn(keyId)} is pending deletion.");
                return Wire.Json(new JsonObject { ["KeyRotationEnabled"] = key["rotationEnabled"]?.GetValue<bool>() ?? false, ["KeyId"] = Arn(keyId) });
            case "GetKeyPolicy":
            {
                var name = r.JsonString("PolicyName") ?? "default";
                if (name != "default") throw new EmulatorErrorException(400, "NotFoundException", $"Policy {name} does not exist on key {keyId}.");
                var policy = key["policy"] is { } p ? Wire.DocumentText(p) : DefaultPolicy();
                return Wire.Json(new JsonObject { ["Policy"] = policy, ["PolicyName"] = "default" });
            }
            default:
                throw new EmulatorErrorException(400, "UnknownOperationException", r.Operation);
        }
    }

    private string DefaultPolicy() =>
        $$"""{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:{{fixture.Partition}}:iam::{{fixture.Account}}:root"},"Action":"kms:*","Resource":"*"}]}""";

    private JsonObject Find(string keyIdArnOrAlias)
    {
        var id = keyIdArnOrAlias;
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var resource = id[(id.LastIndexOf(':') + 1)..];
            id = resource.StartsWith("key/", StringComparison.Ordinal) ? resource[4..] : resource;
        }
        return AccountFixture.Objects(fixture.Section("kms")["keys"]).FirstOrDefault(k => AccountFixture.Str(k, "keyId") == id
                   || (k["aliases"] as JsonArray)?.Any(a => a?.GetValue<string>() == id) == true)
               ?? throw new EmulatorErrorException(400, "NotFoundException", $"Key '{keyIdArnOrAlias}' does not exist");
    }
}
