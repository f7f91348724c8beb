namespace Layers.Application.Common.Hosting;

/// <summary>
/// One-time work that a host does before it reports ready: the database warm-up runs each once
/// its connections are open, and again while the database does not answer. It reads no tenant's
/// rows, and it is not a request: it is not logged, limited or counted as one.
/// </summary>
public interface IStartupWarmup
{
    Task WarmUpAsync(CancellationToken cancellationToken);
}
