using AutoMapper;
using Layers.Application.Common.Paging;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Queries.ListInfluencers;

public sealed class ListInfluencersQueryHandler(
    IInfluencerRepository influencers,
    ICursorSigningKey signingKey,
    ICurrentCaller caller,
    IMapper mapper) : IRequestHandler<ListInfluencersQuery, InfluencerPage>
{
    public async Task<InfluencerPage> Handle(ListInfluencersQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var orgId = caller.Require().OrgId;

        // One more than the page holds tells, in the same query, whether another page follows.
        var found = await influencers.ListAsync(orgId, request.ProjectId, request.Cursor?.Position, request.Limit + 1, cancellationToken).ConfigureAwait(false);
        var data = new InfluencerResponse[Math.Min(found.Count, request.Limit)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = mapper.Map<InfluencerResponse>(found[i]);
        }

        if (found.Count <= request.Limit)
        {
            return new InfluencerPage(data, NextCursor: null);
        }

        var last = found[data.Length - 1];
        var key = await signingKey.GetAsync(cancellationToken).ConfigureAwait(false);
        var next = InfluencerListCursor.Issue(key.Span, orgId, request.ProjectId, new InfluencerListPosition(last.CreatedAt, last.Id));
        return new InfluencerPage(data, next.ToString());
    }
}
