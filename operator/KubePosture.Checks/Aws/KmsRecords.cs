namespace KubePosture.Checks.Aws;

/// <summary>
/// A KMS key (DescribeKey) with its rotation status (GetKeyRotationStatus; null when not asked: AWS managed keys rotate
/// by themselves, asymmetric and imported keys cannot) and its default key policy text (GetKeyPolicy).
/// </summary>
public sealed record KmsKey(
    string KeyId,
    string Arn,
    string KeyState,
    bool Enabled,
    string? KeyManager,
    string? KeySpec,
    string? Origin,
    DateTimeOffset? DeletionDate,
    bool? RotationEnabled,
    string? Policy)
{
    public bool CustomerManaged => KeyManager == "CUSTOMER";

    /// <summary>Automatic rotation applies: a customer managed symmetric key with key material from KMS.</summary>
    public bool Rotatable => CustomerManaged && (KeySpec is null or "SYMMETRIC_DEFAULT") && (Origin is null or "AWS_KMS");
}
