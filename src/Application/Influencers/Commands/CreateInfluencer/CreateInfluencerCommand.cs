using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Input;
using Layers.Application.Common.Persistence;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;
using MediatR;

namespace Layers.Application.Influencers.Commands.CreateInfluencer;

/// <summary>
/// Create an influencer in one of the caller's projects. Project, name and gender are required (a
/// null one was not given); brand voice and language default to <see cref="DefaultBrandVoice"/>
/// and <see cref="DefaultLanguage"/>; no age range is no age range.
/// </summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record CreateInfluencerCommand(ProjectId? ProjectId, InfluencerName? Name, Gender? Gender) : IRequest<InfluencerResponse>, IHasInputErrors, ITransactionalCommand, IIdempotentCommand
{
    public const BrandVoice DefaultBrandVoice = Domain.Influencers.BrandVoice.Authentic;
    public const string DefaultLanguage = "en";

    /// <summary>
    /// The id to give the influencer; none: a new one. For callers that must know ids before they
    /// exist (a seed, an import); the API never sets it.
    /// </summary>
    public InfluencerId? Id { get; init; }

    public AgeRange? AgeRange { get; init; }

    public BrandVoice? BrandVoice { get; init; }

    public LanguageTag? Language { get; init; }

    public InputErrors InputErrors { get; init; } = InputErrors.None;

    public IdempotencyKey? IdempotencyKey { get; init; }
}
