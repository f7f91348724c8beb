namespace Layers.Bench.Runner;

/// <summary>
/// Which target runs when in a round: round r starts at the r-th target and goes round, so that
/// each takes every place once in as many rounds as there are targets, and none always meets the
/// machine in the same state (a neighbour's load, a checkpoint, the one before it still exiting).
/// </summary>
internal static class RoundOrder
{
    public static IReadOnlyList<T> Rotate<T>(IReadOnlyList<T> targets, int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        return [.. Enumerable.Range(0, targets.Count).Select(i => targets[(round + i) % targets.Count])];
    }
}
