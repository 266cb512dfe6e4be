namespace KubePosture.Checks.Engine;

/// <summary>
/// Thrown by a check that finds, while evaluating, that data it needs for this inventory is missing (for example
/// an AWS answer the declared sources do not cover). The engine reports the check as not evaluated with this
/// message and drops any findings it produced, so a check never passes on data it did not have.
/// </summary>
public sealed class CheckNotEvaluatedException : Exception
{
    public CheckNotEvaluatedException()
        : base("not evaluated")
    {
    }

    public CheckNotEvaluatedException(string reason)
        : base(reason)
    {
    }

    public CheckNotEvaluatedException(string reason, Exception inner)
        : base(reason, inner)
    {
    }
}
