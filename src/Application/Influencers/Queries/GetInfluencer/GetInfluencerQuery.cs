using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Queries.GetInfluencer;

/// <summary>Read one influencer of the caller's org.</summary>
[RequiresScope(Scopes.InfluencersRead)]
public sealed record GetInfluencerQuery(string InfluencerId) : IRequest<InfluencerResponse>;
