using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
using MediatR;

namespace Layers.Application.Influencers.Queries.GetInfluencer;

/// <summary>
/// Read one influencer of the caller's org. <paramref name="InfluencerId"/> is null when the caller
/// named no well-formed id: not found. <paramref name="Precondition"/>, when given, must hold for
/// the stored version.
/// </summary>
[RequiresScope(Scopes.InfluencersRead)]
public sealed record GetInfluencerQuery(InfluencerId? InfluencerId, VersionPrecondition? Precondition = null) : IRequest<InfluencerResponse>;
