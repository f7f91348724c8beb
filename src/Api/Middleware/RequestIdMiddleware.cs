namespace Layers.Api.Middleware;

/// <summary>
/// Gives every request an id (<c>req_...</c>), returned in <c>X-Request-Id</c> and in every error
/// body, so a client's report can be matched to the server's logs. Incoming ids are not trusted.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";
    private const string Prefix = "req_";
    private const int RandomLength = 24;
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TraceIdentifier;
    }

    /// <summary>
    /// The headers every response carries. Set as the request starts, and again by whatever clears
    /// the headers of a response (the error handler), so that none is sent without them.
    /// </summary>
    public static void SetHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers[HeaderName] = response.HttpContext.TraceIdentifier;
        response.Headers.XContentTypeOptions = "nosniff";
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = string.Create(Prefix.Length + RandomLength, 0, static (id, _) =>
        {
            Prefix.CopyTo(id);

            // Unique, not secret (it is echoed to the client): the shared generator's 124 bits do,
            // without a call into the cryptographic one on every request.
            Random.Shared.GetItems(Alphabet, id[Prefix.Length..]);
        });
        context.TraceIdentifier = requestId;
        SetHeaders(context.Response);
        return next(context);
    }
}
