using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
using MediatR;

namespace Layers.Application.Influencers.Commands.DeleteInfluencer;

/// <summary>
/// Soft-delete one influencer; afterwards it answers as not found. <paramref name="InfluencerId"/>
/// is null when the caller named no well-formed id: not found. <paramref name="Precondition"/>,
/// when given, must hold for the stored version.
/// </summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record DeleteInfluencerCommand(InfluencerId? InfluencerId, VersionPrecondition? Precondition = null) : IRequest;
