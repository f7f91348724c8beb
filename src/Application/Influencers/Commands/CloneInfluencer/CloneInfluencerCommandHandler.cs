using AutoMapper;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Application.Common.Validation;
using MediatR;

namespace Layers.Application.Influencers.Commands.CloneInfluencer;

public sealed class CloneInfluencerCommandHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    TimeProvider clock,
    IMapper mapper) : IRequestHandler<CloneInfluencerCommand, InfluencerResponse>
{
    public async Task<InfluencerResponse> Handle(CloneInfluencerCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The validation step refuses such a request first; this keeps the handler whole without it.
        if (request.Language is not { } language)
        {
            throw new RequestValidationException([], new Dictionary<string, IReadOnlyList<string>>
            {
                [InfluencerFields.Language] = [InputRules.RequiredMessage],
            });
        }

        var source = await influencers.GetAsync(caller.Require().OrgId, request.InfluencerId, request.Precondition, cancellationToken).ConfigureAwait(false);
        var clone = source.CloneAs(InfluencerId.New(), language, request.Name, clock.GetUtcNow());
        await influencers.AddAsync(clone, cancellationToken).ConfigureAwait(false);
        return mapper.Map<InfluencerResponse>(clone);
    }
}
