using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Queries.GetInfluencer;

/// <summary>
/// Read one influencer of the caller's org. <paramref name="Precondition"/>, when given, must hold
/// for the stored version.
/// </summary>
[RequiresScope(Scopes.InfluencersRead)]
public sealed record GetInfluencerQuery(string InfluencerId, VersionPrecondition? Precondition = null) : IRequest<InfluencerResponse>;
