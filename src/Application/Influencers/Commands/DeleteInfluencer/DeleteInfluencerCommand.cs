using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Commands.DeleteInfluencer;

/// <summary>Soft-delete one influencer; afterwards it answers as not found.</summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record DeleteInfluencerCommand(string InfluencerId) : IRequest;
