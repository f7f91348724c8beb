using Layers.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace Layers.Api.Hosting;

/// <summary>How an instance stops, bound from the "Shutdown" configuration section.</summary>
public sealed record ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>The longest drain delay: a load balancer stops sending long before.</summary>
    public static readonly TimeSpan MaxDrainDelay = TimeSpan.FromMinutes(5);

    /// <summary>The longest shutdown timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the instance keeps serving after SIGTERM with <c>/readyz</c> already 503, so that
    /// a load balancer polling it stops sending before the listener closes.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The host's shutdown timeout: from SIGTERM to exit, drain delay included. Requests still
    /// running at its end are aborted.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

}

/// <summary>The stop's timing, checked when the host starts.</summary>
public sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SettingProblems(ShutdownOptions.Section)
            .Range(nameof(options.DrainDelay), options.DrainDelay, TimeSpan.Zero, ShutdownOptions.MaxDrainDelay)
            .Check(options.Timeout > options.DrainDelay, nameof(options.Timeout), "must be longer than Shutdown:DrainDelay", options.Timeout)
            .Range(nameof(options.Timeout), options.Timeout, TimeSpan.Zero, ShutdownOptions.MaxTimeout)
            .Result;
    }
}

/// <summary>
/// The first step of a graceful stop. When the host is asked to stop (SIGTERM, Ctrl-C),
/// <c>/readyz</c> answers 503 at once, and the host's stopping waits out the drain delay while
/// everything still serves; only then does Kestrel stop accepting connections, let the requests
/// in flight finish (Connection: close) and the background services (the key-change listener)
/// stop, after which the container disposes the connection pool.
/// </summary>
public sealed partial class GracefulShutdown : IHostedLifecycleService
{
    private readonly ShutdownOptions options;
    private readonly ILogger<GracefulShutdown> logger;
    private volatile bool draining;

    public GracefulShutdown(IOptions<ShutdownOptions> options, IHostApplicationLifetime lifetime, ILogger<GracefulShutdown> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        this.options = options.Value;
        this.logger = logger;

        // On SIGTERM or Ctrl-C the console lifetime calls StopApplication first, whose callbacks run
        // synchronously: readiness turns before the host's stopping begins.
        lifetime.ApplicationStopping.Register(() => draining = true);
    }

    /// <summary>True from the moment the host is asked to stop.</summary>
    public bool IsDraining => draining;

    /// <summary>Runs before any hosted service's StopAsync, so before Kestrel stops listening.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // A host stopped by its owner (StopAsync, as tests do) signals ApplicationStopping only
        // after the stopping steps: readiness turns here then.
        draining = true;
        if (options.DrainDelay == TimeSpan.Zero)
        {
            return;
        }

        LogDraining(logger, options.DrainDelay.TotalSeconds);
        try
        {
            await Task.Delay(options.DrainDelay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out first: the rest of the stop goes on without waiting.
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: /readyz answers 503; serving for {DrainSeconds:0.#} s more before closing the listener")]
    private static partial void LogDraining(ILogger logger, double drainSeconds);
}

/// <summary>The graceful stop's registration, and connections of a draining instance.</summary>
public static class DrainingConnections
{
    /// <summary>
    /// SIGTERM: <c>/readyz</c> turns 503, the instance serves on for the drain delay, then Kestrel
    /// stops listening and finishes the requests in flight; the whole stop is bounded by the host's
    /// shutdown timeout.
    /// </summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ShutdownOptions, ShutdownOptionsValidator>(configuration, ShutdownOptions.Section);
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddSingleton<GracefulShutdown>();
        return services.AddHostedService(provider => provider.GetRequiredService<GracefulShutdown>());
    }

    /// <summary>
    /// While draining, every answer closes its connection: a proxy or client holding a keep-alive
    /// connection opens a new one for its next request, which goes elsewhere once the listener is
    /// closed, instead of sending it on an idle connection at the moment the stop closes it (the
    /// request would then fail after being sent, which a proxy must not retry for a write).
    /// </summary>
    public static IApplicationBuilder UseConnectionCloseWhileDraining(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var shutdown = app.ApplicationServices.GetRequiredService<GracefulShutdown>();
        return app.Use((context, next) =>
        {
            if (shutdown.IsDraining)
            {
                // When the answer starts: the error handler clears the headers of a failed response.
                context.Response.OnStarting(
                    static response =>
                    {
                        ((HttpResponse)response).Headers.Connection = "close";
                        return Task.CompletedTask;
                    },
                    context.Response);
            }

            return next(context);
        });
    }
}
