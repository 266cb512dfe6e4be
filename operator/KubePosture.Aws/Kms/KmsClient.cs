using KubePosture.Aws.Ports;
using System.Text.Json.Nodes;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Kms;

/// <summary>AWS KMS over awsJson1_1 (target prefix TrentService). A key's description, rotation and policy are cached together for the describe TTL.</summary>
internal sealed class KmsClient(AwsJsonChannel channel, DescribeCache cache) : IKmsPort
{
    public const string TargetPrefix = "TrentService";

    public Task<KmsKey?> DescribeKeyAsync(string keyIdOrArn, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.KmsDescribeKey, keyIdOrArn, async ct =>
        {
            Json.JsonView metadata;
            try
            {
                metadata = (await channel.CallAsync(Op.KmsDescribeKey, new JsonObject { ["KeyId"] = keyIdOrArn }, ct)).RequiredObject("KeyMetadata");
            }
            catch (AwsServiceException e) when (e.ErrorCode == "NotFoundException")
            {
                return (KmsKey?)null;
            }

            var keyId = metadata.RequiredString("KeyId");
            var key = new KmsKey(keyId, metadata.String("Arn") ?? keyIdOrArn, metadata.String("KeyState") ?? "", metadata.Bool("Enabled") ?? false,
                metadata.String("KeyManager"), metadata.String("KeySpec") ?? metadata.String("CustomerMasterKeySpec"), metadata.String("Origin"),
                metadata.Epoch("DeletionDate"), null, null);
            // A key pending deletion or disabled answers neither rotation nor (for rotation) a meaningful state: its state is the finding.
            bool? rotation = key.Rotatable && key.KeyState is "Enabled"
                ? (await channel.CallAsync(Op.KmsGetKeyRotationStatus, new JsonObject { ["KeyId"] = keyId }, ct)).Bool("KeyRotationEnabled") ?? false
                : null;
            var policy = (await channel.CallAsync(Op.KmsGetKeyPolicy, new JsonObject { ["KeyId"] = keyId, ["PolicyName"] = "default" }, ct)).String("Policy");
            return key with { RotationEnabled = rotation, Policy = policy };
        }, cancellationToken);
}
