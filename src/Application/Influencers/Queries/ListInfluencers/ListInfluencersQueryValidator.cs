using FluentValidation;
using Layers.Application.Common.Paging;
using Layers.Application.Common.Security;

namespace Layers.Application.Influencers.Queries.ListInfluencers;

public sealed class ListInfluencersQueryValidator : AbstractValidator<ListInfluencersQuery>
{
    public ListInfluencersQueryValidator(ICursorSigningKey signingKey, ICurrentCaller caller)
    {
        RuleFor(query => query.Limit)
            .Must((query, _) => query.HasLimitInRange)
            .WithMessage(ListInfluencersQuery.InvalidLimit)
            .OverridePropertyName(ListInfluencersParameters.Limit);

        // A cursor holds only for the org and project filter it was issued for. Without a usable
        // filter (its caller reported it) there is nothing to judge the cursor against.
        RuleFor(query => query.Cursor)
            .MustAsync(async (query, cursor, cancellationToken) => cursor is null
                || cursor.IsIssuedFor((await signingKey.GetAsync(cancellationToken).ConfigureAwait(false)).Span, caller.Require().OrgId, query.ProjectId))
            .When(query => !query.InputErrors.HasFieldError(ListInfluencersParameters.ProjectId))
            .WithMessage(InfluencerListCursor.Invalid)
            .OverridePropertyName(ListInfluencersParameters.Cursor);
    }
}
