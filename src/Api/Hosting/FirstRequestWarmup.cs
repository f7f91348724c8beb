using System.Text.Json;
using AutoMapper;
using Layers.Api.Binding;
using Layers.Api.Security;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Hosting;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Queries.GetInfluencer;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using MediatR;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Layers.Api.Hosting;

/// <summary>
/// The one-time work of a fresh instance's first keyed request, done before it reports ready: on a
/// loaded machine that work (code compiled at its first call, the set-up of MediatR's pipeline, of
/// the validators, of AutoMapper's maps, of JSON's contracts and of each statement in the driver and
/// Dapper) took a first PATCH past its request deadline, while readiness had only run
/// <c>SELECT 1</c>. It authenticates a key id that no key has, then, as a caller of an org that no
/// one has, reads and patches an influencer that does not exist, and writes an influencer made up
/// in memory as a response: the statements a request runs, and no tenant's rows.
/// </summary>
public sealed class FirstRequestWarmup(
    IServiceScopeFactory scopes,
    IHttpContextAccessor accessor,
    IMapper mapper,
    IOptions<JsonOptions> json,
    TimeProvider clock) : IStartupWarmup
{
    private static readonly byte[] PatchBody = """{"name":"Warm-up"}"""u8.ToArray();

    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        // A scope of its own, as a request has.
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await WarmUpUseCasesAsync(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WarmUpUseCasesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var authenticator = services.GetRequiredService<ApiKeyAuthenticator>();
        var mediator = services.GetRequiredService<IMediator>();
        var (token, keyId, _) = ApiKeyToken.Generate();
        await authenticator.AuthenticateAsync($"Bearer {token}", static () => true, cancellationToken).ConfigureAwait(false);

        // The use cases read their caller from the current request, as they do when MVC sends them.
        var caller = new CallerIdentity(OrgId.New(), keyId, Scopes.All.ToHashSet(StringComparer.Ordinal));
        accessor.HttpContext = new DefaultHttpContext { User = ApiKeyClaims.Principal(caller) };
        try
        {
            var influencerId = InfluencerId.New();
            await NotFoundAsync(mediator.Send(new GetInfluencerQuery(influencerId), cancellationToken)).ConfigureAwait(false);
            var patch = InfluencerBodies.ToPatchCommand(JsonBodyReader.Parse(PatchBody), influencerId, precondition: null);
            await NotFoundAsync(mediator.Send(patch, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            accessor.HttpContext = null;
        }

        // What answers it: the influencer mapped to its response, written as the API writes JSON.
        var influencer = Influencer.Create(
            InfluencerId.New(), caller.OrgId, ProjectId.New(), InfluencerName.Create("Warm-up"), Gender.Female, null, BrandVoice.Casual, LanguageTag.Create("en"), clock.GetUtcNow());
        await JsonSerializer.SerializeAsync(Stream.Null, mapper.Map<InfluencerResponse>(influencer), json.Value.SerializerOptions, cancellationToken).ConfigureAwait(false);
    }

    private static async Task NotFoundAsync(Task request)
    {
        try
        {
            await request.ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // The only answer there can be: nothing of this org exists.
        }
    }
}
