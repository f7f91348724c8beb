using Layers.Api.Binding;
using Layers.Api.Idempotency;
using Layers.Api.Security;
using Layers.Application.Common.Idempotency;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CloneInfluencer;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Influencers.Commands.DeleteInfluencer;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Influencers.Queries.GetInfluencer;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Layers.Domain.Influencers;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Layers.Api.Controllers;

/// <summary>
/// HTTP in, typed commands and queries out. Bodies are read raw and turned into commands by
/// <see cref="InfluencerBodies"/>, so that strictness (unknown and duplicated fields, wrong types,
/// absent versus null) is judged exactly, and query strings likewise by
/// <see cref="InfluencerQueries"/>; a path segment that is no id is sent as no id, and is
/// then not found like any other. Responses
/// carry an ETag of the row's version; If-Match and If-None-Match are honoured (see EntityTags).
/// Actions return typed HTTP results, written as JSON directly: the API speaks nothing else, so
/// MVC's content negotiation and output formatters would be work on every request for no choice.
/// Each action names the request it sends, whose <c>[RequiresScope]</c> gives the action its policy
/// (<see cref="AuthorizeRequestAttribute{TRequest}"/>), so 401 and 403 are answered before the body
/// is read; a convention test checks that the request named is the one sent.
/// </summary>
[Route("v1/influencers")]
public sealed class InfluencersController(IMediator mediator) : ControllerBase
{
    /// <summary>The route value that holds an influencer id, prefixed or bare (see <see cref="IdempotencyKeyHeader"/>).</summary>
    internal const string IdRouteValue = "influencerId";

    /// <summary>
    /// GET and HEAD, which answers the same status and headers without the body. If-Match is
    /// judged first, after the influencer is found (412); If-None-Match then answers 304 (RFC 9110,
    /// section 13.2.2).
    /// </summary>
    [HttpGet("{influencerId}")]
    [HttpHead("{influencerId}")]
    [AuthorizeRequest<GetInfluencerQuery>]
    public async Task<Results<Ok<InfluencerResponse>, StatusCodeHttpResult>> Get()
    {
        var influencer = await mediator.Send(new GetInfluencerQuery(RouteInfluencerId, EntityTags.IfMatchPrecondition(Request)), HttpContext.RequestAborted).ConfigureAwait(false);
        Response.Headers.ETag = EntityTags.Format(influencer.Version);
        return EntityTags.ParseIfNoneMatch(Request.Headers.IfNoneMatch)?.Contains(influencer.Version) == true
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(influencer);
    }

    /// <summary>
    /// A page of the org's influencers, newest first; GET and HEAD. The query string is read raw by
    /// <see cref="InfluencerQueries"/>, as bodies are, so that parameter names match exactly and
    /// unknown or repeated parameters are refused.
    /// </summary>
    [HttpGet]
    [HttpHead]
    [AuthorizeRequest<ListInfluencersQuery>]
    public async Task<Ok<InfluencerPage>> List()
    {
        var page = await mediator.Send(InfluencerQueries.ToListQuery(Request.QueryString), HttpContext.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(page);
    }

    [HttpPatch("{influencerId}")]
    [AuthorizeRequest<PatchInfluencerCommand>]
    public async Task<Ok<InfluencerResponse>> Patch()
    {
        var body = await JsonBodyReader.ReadAsync(Request).ConfigureAwait(false);
        var influencer = await mediator.Send(InfluencerBodies.ToPatchCommand(body, RouteInfluencerId, EntityTags.Precondition(Request)), HttpContext.RequestAborted).ConfigureAwait(false);
        Response.Headers.ETag = EntityTags.Format(influencer.Version);
        return TypedResults.Ok(influencer);
    }

    /// <summary>
    /// The influencer created is new, so it has no current version for a precondition to hold
    /// against: If-None-Match (<c>*</c> or any list) is satisfied and never stops a create. Safe to
    /// retry with an Idempotency-Key (see <see cref="IdempotencyKeyHeader"/>).
    /// </summary>
    [HttpPost]
    [AuthorizeRequest<CreateInfluencerCommand>]
    public async Task<Created<InfluencerResponse>> Create()
    {
        var (body, key) = await IdempotencyKeyHeader.ReadAsync(Request).ConfigureAwait(false);
        var created = await mediator.Send(InfluencerBodies.ToCreateCommand(body) with { IdempotencyKey = key }, HttpContext.RequestAborted).ConfigureAwait(false);
        return Created(created, key);
    }

    /// <summary>
    /// A new influencer made from this one in another language. If-Match is judged against the
    /// source, after it is found (412), so a client clones exactly the version it read; as on a
    /// create, If-None-Match is always satisfied, since the influencer made is new.
    /// </summary>
    [HttpPost("{influencerId}/clone")]
    [AuthorizeRequest<CloneInfluencerCommand>]
    public async Task<Created<InfluencerResponse>> Clone()
    {
        var (body, key) = await IdempotencyKeyHeader.ReadAsync(Request).ConfigureAwait(false);
        var command = InfluencerBodies.ToCloneCommand(body, RouteInfluencerId, EntityTags.IfMatchPrecondition(Request)) with { IdempotencyKey = key };
        var created = await mediator.Send(command, HttpContext.RequestAborted).ConfigureAwait(false);
        return Created(created, key);
    }

    [HttpDelete("{influencerId}")]
    [AuthorizeRequest<DeleteInfluencerCommand>]
    public async Task<NoContent> Delete()
    {
        await mediator.Send(new DeleteInfluencerCommand(RouteInfluencerId, EntityTags.Precondition(Request)), HttpContext.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A created influencer, answered the same whether it was created now or is the result
    /// recorded for an earlier request with the same Idempotency-Key, which is then marked replayed.
    /// </summary>
    private Created<InfluencerResponse> Created(InfluencerResponse created, IdempotencyKey? key)
    {
        Response.Headers.ETag = EntityTags.Format(created.Version);
        if (key is { Replayed: true })
        {
            Response.Headers[IdempotencyKeyHeader.ReplayedName] = "true";
        }

        return TypedResults.Created($"/v1/influencers/{created.InfluencerId}", created);
    }

    /// <summary>
    /// The route's <c>{influencerId}</c>. Actions take no parameters (the token is
    /// <see cref="HttpContext.RequestAborted"/>, which the request deadline bounds), so that MVC
    /// builds no model-binding context on each request (docs/performance.md).
    /// </summary>
    private InfluencerId? RouteInfluencerId =>
        RouteData.Values[IdRouteValue] is string segment && InfluencerId.TryParse(segment, out var id) ? id : null;
}
