using AutoMapper;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using MediatR;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

public sealed class PatchInfluencerCommandHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    TimeProvider clock,
    IMapper mapper) : IRequestHandler<PatchInfluencerCommand, InfluencerResponse>
{
    public async Task<InfluencerResponse> Handle(PatchInfluencerCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!InfluencerId.TryParse(request.InfluencerId, out var id))
        {
            throw NotFoundException.Influencer();
        }

        var orgId = caller.Require().OrgId;
        var influencer = await influencers.FindAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false)
            ?? throw NotFoundException.Influencer();
        if (request.IfMatch is { } precondition && !precondition.IsSatisfiedBy(influencer.Version))
        {
            throw new PreconditionFailedException();
        }

        Apply(request, influencer, clock.GetUtcNow());

        if (influencer.HasPendingChanges)
        {
            // With If-Match the write itself checks the version, so a change in between is not overwritten.
            var expectedVersion = request.IfMatch is null ? (long?)null : influencer.Version;
            influencer = await influencers.SaveChangesAsync(influencer, expectedVersion, cancellationToken).ConfigureAwait(false)
                ?? throw await GoneOrChangedAsync(influencers, orgId, id.Value, expectedVersion, cancellationToken).ConfigureAwait(false);
        }

        return mapper.Map<InfluencerResponse>(influencer);
    }

    /// <summary>
    /// Why a write found no row: deleted in between (404) or, when the write was conditional on a
    /// version, possibly changed in between (412).
    /// </summary>
    internal static async Task<Exception> GoneOrChangedAsync(
        IInfluencerRepository influencers, OrgId orgId, InfluencerId id, long? expectedVersion, CancellationToken cancellationToken) =>
        expectedVersion is null || await influencers.FindAsync(orgId, id, cancellationToken).ConfigureAwait(false) is null
            ? NotFoundException.Influencer()
            : new PreconditionFailedException();

    /// <summary>The validator has accepted every sent value, so each parses here.</summary>
    private static void Apply(PatchInfluencerCommand request, Influencer influencer, DateTimeOffset now)
    {
        if (request.Name is { } name)
        {
            influencer.Rename(InfluencerName.Create(name.Text!), now);
        }

        if (request.Gender is { } gender)
        {
            influencer.ChangeGender(WireNames.Parse<Gender>(gender.Text!), now);
        }

        if (request.AgeRange is { } ageRange)
        {
            if (ageRange.IsNull)
            {
                influencer.ClearAgeRange(now);
            }
            else
            {
                influencer.ChangeAgeRange(WireNames.Parse<AgeRange>(ageRange.Text!), now);
            }
        }

        if (request.BrandVoice is { } brandVoice)
        {
            influencer.ChangeBrandVoice(WireNames.Parse<BrandVoice>(brandVoice.Text!), now);
        }

        if (request.Language is { } language)
        {
            influencer.ChangeLanguage(LanguageTag.Create(language.Text!), now);
        }
    }
}
