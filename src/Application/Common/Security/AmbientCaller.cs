namespace Layers.Application.Common.Security;

/// <summary>
/// The caller of requests sent outside HTTP (the operator CLI, a seeder, test support): code
/// acting for an org says so with <see cref="ActAs"/> around the requests it sends, and the
/// identity flows with their asynchronous calls. Hosts that serve HTTP do not register it: there
/// the caller is the request's authenticated key, and nothing else.
/// </summary>
public sealed class AmbientCaller : ICurrentCaller
{
    private static readonly AsyncLocal<CallerIdentity?> Current = new();

    public CallerIdentity? Identity => Current.Value;

    public static IDisposable ActAs(CallerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var previous = Current.Value;
        Current.Value = identity;
        return new Restore(previous);
    }

    private sealed class Restore(CallerIdentity? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
