using System.Globalization;
using Layers.Application.Common.Input;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Queries.ListInfluencers;

/// <summary>
/// A page of the caller's org's influencers, newest first: <paramref name="Limit"/> of them at
/// most, only those of <paramref name="ProjectId"/> when it is given (none when it is not the
/// org's), after <paramref name="Cursor"/> when it is given (the next cursor of the page before,
/// issued for the same project filter).
/// </summary>
[RequiresScope(Scopes.InfluencersRead)]
public sealed record ListInfluencersQuery(ProjectId? ProjectId, int Limit = ListInfluencersQuery.DefaultLimit, InfluencerListCursor? Cursor = null)
    : IRequest<InfluencerPage>, IHasParameterInput
{
    public const int MinLimit = 1;
    public const int MaxLimit = 100;
    public const int DefaultLimit = 20;

    public static readonly string InvalidLimit = string.Create(CultureInfo.InvariantCulture, $"Limit must be an integer from {MinLimit} to {MaxLimit}.");

    public InputErrors InputErrors { get; init; } = InputErrors.None;

    public bool HasLimitInRange => Limit is >= MinLimit and <= MaxLimit;
}
