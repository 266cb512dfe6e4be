namespace KubePosture.Runtime.Controllers;

/// <summary>
/// A failure retrying cannot fix (e.g. an invalid spec already reported on the object): the controller logs it,
/// counts it and forgets the key until the object changes.
/// </summary>
public sealed class TerminalReconcileException(string message, Exception? inner = null) : Exception(message, inner);
