using Layers.Api.Http;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Influencers.Commands.DeleteInfluencer;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Influencers.Queries.GetInfluencer;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Layers.Api.Controllers;

/// <summary>
/// HTTP in, commands and queries out. Bodies are read raw so that strictness (unknown and
/// duplicated fields, wrong types, absent versus null) is judged by the validators.
/// </summary>
[Route("v1/influencers")]
public sealed class InfluencersController(IMediator mediator) : ControllerBase
{
    [HttpGet("{influencerId}")]
    public Task<InfluencerResponse> Get(string influencerId, CancellationToken cancellationToken) =>
        mediator.Send(new GetInfluencerQuery(influencerId), cancellationToken);

    [HttpPatch("{influencerId}")]
    public async Task<InfluencerResponse> Patch(string influencerId, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(Request, cancellationToken).ConfigureAwait(false);
        return await mediator.Send(new PatchInfluencerCommand(influencerId, body), cancellationToken).ConfigureAwait(false);
    }

    [HttpPost]
    public async Task<CreatedResult> Create(CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(Request, cancellationToken).ConfigureAwait(false);
        var created = await mediator.Send(new CreateInfluencerCommand(body), cancellationToken).ConfigureAwait(false);
        return Created($"/v1/influencers/{created.InfluencerId}", created);
    }

    [HttpDelete("{influencerId}")]
    public async Task<NoContentResult> Delete(string influencerId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteInfluencerCommand(influencerId), cancellationToken).ConfigureAwait(false);
        return NoContent();
    }
}
