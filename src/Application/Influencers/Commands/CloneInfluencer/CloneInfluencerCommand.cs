using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Input;
using Layers.Application.Common.Persistence;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
using MediatR;

namespace Layers.Application.Influencers.Commands.CloneInfluencer;

/// <summary>
/// Create a new influencer from one of the caller's org's: same project, gender, age range and
/// brand voice, in <see cref="Language"/> (required; a null one was not given), named
/// <see cref="Name"/> or else as the source. <paramref name="InfluencerId"/> names the source; null
/// when the caller named no well-formed id: not found, after the rest of the request has been
/// judged. <see cref="Precondition"/>, when given, must hold for the source's stored version. The
/// source is not changed.
/// </summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record CloneInfluencerCommand(InfluencerId? InfluencerId) : IRequest<InfluencerResponse>, IHasInputErrors, ITransactionalCommand, IIdempotentCommand
{
    public LanguageTag? Language { get; init; }

    public InfluencerName? Name { get; init; }

    public VersionPrecondition? Precondition { get; init; }

    public InputErrors InputErrors { get; init; } = InputErrors.None;

    public IdempotencyKey? IdempotencyKey { get; init; }
}
