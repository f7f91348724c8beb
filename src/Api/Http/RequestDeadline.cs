namespace Layers.Api.Http;

/// <summary>
/// The time a request may spend waiting on the database, as a cancellation token that replaces
/// <see cref="HttpContext.RequestAborted"/>. Reading the body is the client's time, not the
/// database's: the deadline is paused while the body is read, which has a limit of its own
/// (<see cref="RequestBodyTimeoutException"/>, 408).
/// </summary>
public sealed class RequestDeadline : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly CancellationToken clientAborted;
    private readonly TimeSpan bodyTimeout;
    private readonly TimeProvider clock;
    private TimeSpan remaining;
    private long runningSince;
    private bool bodyTimedOut;

    public RequestDeadline(TimeSpan budget, TimeSpan bodyTimeout, TimeProvider clock, CancellationToken clientAborted)
    {
        ArgumentNullException.ThrowIfNull(clock);
        this.clientAborted = clientAborted;
        this.bodyTimeout = bodyTimeout;
        this.clock = clock;
        remaining = budget;
        runningSince = clock.GetTimestamp();
        source = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        source.CancelAfter(budget);
    }

    public CancellationToken Token => source.Token;

    /// <summary>True when the deadline passed, as opposed to the client going away or its body arriving late.</summary>
    public bool HasExpired => TimerFired && !bodyTimedOut;

    // Cancelled by its own timer (the deadline's or the body's), not by the client going away.
    private bool TimerFired => source.IsCancellationRequested && !clientAborted.IsCancellationRequested;

    public static RequestDeadline? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestDeadline>();
    }

    /// <summary>
    /// Runs <paramref name="read"/> with the deadline paused, under the body timeout: a body that
    /// has not arrived in time throws <see cref="RequestBodyTimeoutException"/>. The one token
    /// source serves both, its timer set to the body timeout for the read and then to what is
    /// left of the deadline, so a request makes one token source and one timer.
    /// </summary>
    public async Task<T> ReadBodyAsync<T>(Func<CancellationToken, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        remaining -= clock.GetElapsedTime(runningSince);
        source.CancelAfter(bodyTimeout);
        T body;
        try
        {
            body = await read(source.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (TimerFired)
        {
            throw BodyTimedOut();
        }

        // The body timer may have fired just as the body was complete: the token is spent either way.
        if (TimerFired)
        {
            throw BodyTimedOut();
        }

        runningSince = clock.GetTimestamp();
        source.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        return body;
    }

    public void Dispose() => source.Dispose();

    private RequestBodyTimeoutException BodyTimedOut()
    {
        bodyTimedOut = true;
        return new RequestBodyTimeoutException();
    }
}

/// <summary>Gives every request a <see cref="RequestDeadline"/>; a request past it answers 503.</summary>
public sealed class RequestDeadlineMiddleware(RequestDelegate next, RequestLimitsOptions options, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clientAborted = context.RequestAborted;
        using var deadline = new RequestDeadline(options.DatabaseDeadline, options.BodyTimeout, clock, clientAborted);
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
    /// <summary>
    /// How long a request may wait on the database (key lookup, reads and writes) before it answers
    /// 503: every answer comes within it of the body's arrival, since callers stop waiting at it.
    /// </summary>
    public TimeSpan DatabaseDeadline { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a client may take to send its body before it answers 408.</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(5);
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
