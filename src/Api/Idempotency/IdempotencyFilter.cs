using System.Security.Cryptography;
using System.Text;
using Layers.Api.Binding;
using Layers.Api.Controllers;
using Layers.Api.Errors;
using Layers.Api.Middleware;
using Layers.Api.Security;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Persistence;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Layers.Api.Idempotency;

/// <summary>
/// Safe retries of the actions marked <see cref="IdempotentAttribute"/>: a request that carries an
/// <c>Idempotency-Key</c> is carried out once per key and org, and a retry of the same request
/// (see <see cref="RequestHash"/>) gets the recorded answer again with <c>Idempotent-Replayed: true</c>.
/// A resource filter, so that it runs after authentication and authorization (401 and 403 never
/// touch the store) and around the whole action, its result included, whose bytes it records.
/// </summary>
/// <remarks>
/// Order: the body is read first (its 408, 413 and 415 come first, as on any request with a body),
/// then the key is judged (422), then claimed: a completed record of the same request is answered
/// again, of another request 422 <c>IDEMPOTENCY_KEY_REUSED</c>, and a claim still in progress 409
/// <c>CONFLICT</c> with <c>Retry-After</c>, whatever its request. Only successes (2xx) are
/// recorded, in the transaction of the action's own writes (the request's
/// <see cref="IUnitOfWork"/>, begun here and joined by the command's own): an outcome exists
/// exactly when the writes were committed. Any other outcome (4xx, 5xx, an aborted request) committed nothing, so
/// its claim is released and the same key runs the request again: a 4xx is answered again anyway
/// when nothing changed, and may turn into a success once the client or the data is fixed (as
/// Stripe does for requests that fail validation). A request that gave up while its outcome was
/// being committed releases its claim too: the release deletes it only if that commit did not
/// happen. A claim that is never released (the process died, or the database did not answer the
/// release within the lease) holds the key for <see cref="Lease"/>, and retries meanwhile answer 409.
/// </remarks>
public sealed partial class IdempotencyFilter(IIdempotencyStore store, IUnitOfWork unitOfWork, ILogger<IdempotencyFilter> logger) : IAsyncResourceFilter
{
    /// <summary>How long a recorded answer is kept, and a key unusable for another request.</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an unfinished claim holds its key. Well above the request deadline, which bounds a
    /// live execution; should one still run past it, a later claim takes over and the first can
    /// no longer record its outcome, so its writes are rolled back: never two executions committed.
    /// </summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromSeconds(30);

    // A release is a single-row delete: a request waits this long for it at most, then the lease frees the key.
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(2);

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var fieldLines = http.Request.Headers[IdempotencyKeyHeader.Name];
        if (fieldLines.Count == 0)
        {
            await next().ConfigureAwait(false);
            return;
        }

        var body = await JsonBodyReader.ReadHashedAsync(http.Request).ConfigureAwait(false);
        if (!IdempotencyKeyHeader.TryParse(fieldLines, out var key, out var problem))
        {
            throw new InvalidRequestHeaderException(IdempotencyKeyHeader.Name, problem);
        }

        var caller = ApiKeyClaims.Caller(http.User) ?? throw new UnauthenticatedException();
        var requestHash = RequestHash(http, body.Sha256);
        switch (await store.ClaimAsync(caller.OrgId, key, requestHash, Lease, http.RequestAborted).ConfigureAwait(false))
        {
            case IdempotencyClaim claim:
                await ExecuteAsync(context, next, claim).ConfigureAwait(false);
                break;
            case IdempotencyRecord { Outcome: null }:
                throw new IdempotencyKeyInProgressException();
            case IdempotencyRecord { Outcome: { } outcome } record when record.RequestHash.AsSpan().SequenceEqual(requestHash):
                context.Result = RecordedResponse.Parse(outcome);
                break;
            default:
                throw new IdempotencyKeyReusedException();
        }
    }

    /// <summary>
    /// The request's identity, what it means rather than how it was written: the method, the
    /// route's template (not the path as sent, whose case and trailing slash routing ignores), each
    /// route value in canonical form, and the hash of the body's JSON value in canonical form
    /// (<see cref="CanonicalJson"/>). Route values are written as URI components, so they hold no
    /// line break, and the line break ends each part.
    /// </summary>
    private static byte[] RequestHash(HttpContext http, byte[] bodySha256)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern
                    ?? throw new InvalidOperationException("An idempotent action is reached through a route.");
        var identity = new StringBuilder().Append(http.Request.Method).Append(' ').Append(route.RawText).Append('\n');
        foreach (var parameter in route.Parameters)
        {
            var value = CanonicalRouteValue(parameter.Name, http.Request.RouteValues[parameter.Name] as string);
            identity.Append(parameter.Name).Append('=').Append(Uri.EscapeDataString(value)).Append('\n');
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(identity.ToString()));
        hash.AppendData(bodySha256);
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// An influencer id as the id it names (prefixed, hex in lower case), whether the path gave it
    /// prefixed or bare, in either case. Any other value stays as sent: a segment that is no id is
    /// not found, which is never recorded.
    /// </summary>
    private static string CanonicalRouteValue(string name, string? value) =>
        name == InfluencersController.IdRouteValue && InfluencerId.TryParse(value, out var id) ? id.Value.ToString() : value ?? string.Empty;

    /// <summary>
    /// Runs the action and its result with the response buffered, so that a success is recorded
    /// (and committed with the action's writes) before the client sees any of it.
    /// </summary>
    private async Task ExecuteAsync(ResourceExecutingContext context, ResourceExecutionDelegate next, IdempotencyClaim claim)
    {
        var http = context.HttpContext;
        var response = http.Response;
        var client = response.Body;
        using var buffer = new MemoryStream();
        ResourceExecutedContext? executed = null;

        // Whether the outcome was recorded (false: the claim was taken over); null when it was not,
        // or may not have been (recording failed).
        bool? recorded = null;
        response.Body = buffer;
        unitOfWork.Begin();
        try
        {
            executed = await next().ConfigureAwait(false);
            if (executed.Exception is null && response.StatusCode is >= 200 and < 300)
            {
                var outcome = RecordedResponse.Capture(response, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).ToJson();
                var completed = await store.CompleteAsync(claim, outcome, Retention, http.RequestAborted).ConfigureAwait(false);
                if (completed)
                {
                    await unitOfWork.CommitAsync(http.RequestAborted).ConfigureAwait(false);
                }

                recorded = completed;
            }
        }
        finally
        {
            // Rolls back whatever was not committed.
            await unitOfWork.EndAsync().ConfigureAwait(false);
            response.Body = client;

            // Also when recording failed with its commit possibly under way: the release deletes the
            // claim only if that commit did not record the outcome (see IIdempotencyStore.ReleaseAsync).
            if (recorded is null)
            {
                await ReleaseAsync(http, claim).ConfigureAwait(false);
            }
        }

        if (recorded == false)
        {
            // The lease ran out and another request took the key over; this one's writes were rolled back.
            throw new IdempotencyKeyInProgressException();
        }

        // An exception stays in the executed context, for the framework to throw to the error handler.
        if (executed is { Exception: null })
        {
            await client.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Frees the key of an execution that did not record its outcome. Past the deadline the
    /// database is not answering in time: the release then runs in the background, for as long as
    /// the lease, rather than delay the 503.
    /// </summary>
    private async Task ReleaseAsync(HttpContext http, IdempotencyClaim claim)
    {
        if (RequestDeadline.Of(http)?.HasExpired == true)
        {
            _ = ReleaseWithinAsync(claim, Lease);
            return;
        }

        await ReleaseWithinAsync(claim, ReleaseWait).ConfigureAwait(false);
    }

    private async Task ReleaseWithinAsync(IdempotencyClaim claim, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await store.ReleaseAsync(claim, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Npgsql.NpgsqlException or TimeoutException)
        {
            // The request's own answer matters more; the lease frees the key.
            LogReleaseFailed(logger, exception, claim.OrgId.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An idempotency claim of org {OrgId} was not released; its lease will free the key")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string orgId);
}

/// <summary>
/// Marks an action that creates something as safe to retry under an <c>Idempotency-Key</c>
/// (see <see cref="IdempotencyFilter"/>). Also endpoint metadata, which the OpenAPI contract
/// tests read to expect the header, 409 and the replay header on exactly these operations.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute, IFilterFactory
{
    /// <summary>Not reusable: the filter works with the request's own unit of work and store.</summary>
    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        ActivatorUtilities.CreateInstance<IdempotencyFilter>(serviceProvider);
}
