using Layers.Api.Binding;
using Layers.Api.Idempotency;
using Layers.Infrastructure.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Layers.Api.Middleware;

/// <summary>
/// The time a request may spend waiting on the database, as a cancellation token that replaces
/// <see cref="HttpContext.RequestAborted"/>. Reading the body is the client's time, not the
/// database's: the deadline is paused while the body is read, which Kestrel bounds
/// (<see cref="RequestLimitsOptions.BodyDataRate"/>, answered 408).
/// </summary>
public sealed class RequestDeadline : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly CancellationToken clientAborted;
    private readonly TimeProvider clock;
    private TimeSpan remaining;
    private long runningSince;

    public RequestDeadline(TimeSpan budget, TimeProvider clock, CancellationToken clientAborted)
    {
        ArgumentNullException.ThrowIfNull(clock);
        this.clientAborted = clientAborted;
        this.clock = clock;
        remaining = budget;
        runningSince = clock.GetTimestamp();
        source = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        source.CancelAfter(budget);
    }

    public CancellationToken Token => source.Token;

    /// <summary>True when the deadline passed, as opposed to the client going away.</summary>
    public bool HasExpired => source.IsCancellationRequested && !clientAborted.IsCancellationRequested;

    public static RequestDeadline? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestDeadline>();
    }

    /// <summary>
    /// Runs <paramref name="read"/> with the deadline paused, and then gives the deadline what was
    /// left of it. The read is given no token: Kestrel ends it when the client goes away or its
    /// body is late, and a read cancelled by a token instead leaves Kestrel's body reader mid-read.
    /// </summary>
    public async Task<T> ReadBodyAsync<T>(Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        remaining -= clock.GetElapsedTime(runningSince);
        source.CancelAfter(Timeout.InfiniteTimeSpan);
        var body = await read().ConfigureAwait(false);
        runningSince = clock.GetTimestamp();
        source.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        return body;
    }

    public void Dispose() => source.Dispose();
}

/// <summary>Gives every request a <see cref="RequestDeadline"/>; a request past it answers 503.</summary>
public sealed class RequestDeadlineMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options, TimeProvider clock)
{
    private readonly TimeSpan budget = options.Value.DatabaseDeadline;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clientAborted = context.RequestAborted;
        using var deadline = new RequestDeadline(budget, clock, clientAborted);
        context.Features.Set(deadline);
        context.RequestAborted = deadline.Token;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (deadline.HasExpired && exception is not RequestBodyTimeoutException)
        {
            // Whatever the driver made of the cancellation, the database did not answer in time.
            throw new RequestDeadlineExceededException(exception);
        }
        finally
        {
            context.RequestAborted = clientAborted;
            context.Features.Set<RequestDeadline>(null);
        }
    }
}

/// <summary>Request limits that are about time. Bound from the "Requests" configuration section.</summary>
public sealed record RequestLimitsOptions
{
    public const string Section = "Requests";

    /// <summary>The longest either limit may be: a client waits no longer than that for an answer.</summary>
    public static readonly TimeSpan MaxLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a request may wait on the database (key lookup, reads and writes) before it answers
    /// 503: every answer comes within it of the body's arrival, since callers stop waiting at it.
    /// </summary>
    public TimeSpan DatabaseDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a client may take to send its body, from the moment the API starts reading it,
    /// before it answers 408: whole seconds, more than one, as Kestrel counts them (see
    /// <see cref="BodyDataRate"/>).
    /// </summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <see cref="BodyTimeout"/> as Kestrel's minimum request body data rate, so that Kestrel
    /// times the body out as it does any too-slow body: its read fails with a 408, and once that
    /// answer is written the connection is closed, the rest of the body unread. Past the grace
    /// period a body still arriving must have come at this rate, more per second than the largest
    /// body this API reads: so every body still arriving then is late, whatever its size. Kestrel
    /// checks once a second, so the 408 comes within the second after the limit.
    /// </summary>
    public MinDataRate BodyDataRate => new(bytesPerSecond: JsonObjectBody.MaxBytes, gracePeriod: BodyTimeout);

}

/// <summary>The request limits, checked when the host starts.</summary>
public sealed class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SettingProblems(RequestLimitsOptions.Section)
            .Range(nameof(options.DatabaseDeadline), options.DatabaseDeadline, TimeSpan.FromMilliseconds(1), RequestLimitsOptions.MaxLimit)

            // Kestrel checks a body's arrival once a second, and needs more than one to check it at all.
            .Range(nameof(options.BodyTimeout), options.BodyTimeout, TimeSpan.FromSeconds(2), RequestLimitsOptions.MaxLimit)
            .Check(options.BodyTimeout.Ticks % TimeSpan.TicksPerSecond == 0, nameof(options.BodyTimeout), "must be whole seconds", options.BodyTimeout)
            .Result;
    }
}

/// <summary>Registers the request limits.</summary>
public static class RequestLimits
{
    /// <summary>
    /// A body's time limit is Kestrel's own, so that a late body ends as Kestrel ends any too-slow
    /// body: a 408, then the connection closed, without reading the rest.
    /// </summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RequestLimitsOptions, RequestLimitsOptionsValidator>(configuration, RequestLimitsOptions.Section);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>(
            (kestrel, limits) => kestrel.Limits.MinRequestBodyDataRate = limits.Value.BodyDataRate);
        return services;
    }
}

/// <summary>The request deadline passed while waiting on the database; answered 503.</summary>
public sealed class RequestDeadlineExceededException : Exception
{
    public RequestDeadlineExceededException()
        : this("The database did not answer within the request deadline.")
    {
    }

    public RequestDeadlineExceededException(Exception innerException)
        : this("The database did not answer within the request deadline.", innerException)
    {
    }

    public RequestDeadlineExceededException(string message)
        : base(message)
    {
    }

    public RequestDeadlineExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The request body did not arrive within its time limit; answered 408.</summary>
public sealed class RequestBodyTimeoutException : Exception
{
    public RequestBodyTimeoutException()
        : this("The request body did not arrive in time.")
    {
    }

    public RequestBodyTimeoutException(string message)
        : base(message)
    {
    }

    public RequestBodyTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
