using System.Security.Claims;
using Layers.Api.Security;
using Layers.Application.Common.Security;
using Layers.Domain.Organizations;

namespace Layers.Api.Tests.Security;

/// <summary>The API-key principal, whose claims are built only when something reads them.</summary>
public sealed class ApiKeyClaimsTests
{
    private static readonly CallerIdentity Caller = new(
        new OrgId(Guid.Parse("0a0a0a0a-1111-4222-8333-444455556666")),
        "abcdefghijklmnop",
        new HashSet<string>([Scopes.InfluencersRead], StringComparer.Ordinal));

    private static readonly (string, string)[] CallerClaims =
        [("key_id", "abcdefghijklmnop"), ("org_id", "0a0a0a0a-1111-4222-8333-444455556666"), ("scope", "influencers:read")];

    [Fact]
    public void Scope_checks_answer_alike_before_and_after_the_claims_are_built()
    {
        var principal = ApiKeyClaims.Principal(Caller);
        var before = (ApiKeyClaims.HasScope(principal, Scopes.InfluencersRead), ApiKeyClaims.HasScope(principal, Scopes.InfluencersWrite));

        _ = principal.Claims.ToList();

        Assert.Equal((true, false), before);
        Assert.Equal(before, (ApiKeyClaims.HasScope(principal, Scopes.InfluencersRead), ApiKeyClaims.HasScope(principal, Scopes.InfluencersWrite)));
    }

    [Fact]
    public void Find_answers_the_org_the_key_id_and_a_scope()
    {
        var principal = ApiKeyClaims.Principal(Caller);

        Assert.Equal(("0a0a0a0a-1111-4222-8333-444455556666", "abcdefghijklmnop"), (ApiKeyClaims.Find(principal, ApiKeyClaims.OrgId), ApiKeyClaims.Find(principal, ApiKeyClaims.KeyId)));
        Assert.Equal("influencers:read", ApiKeyClaims.Find(principal, ApiKeyClaims.Scope));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_clone_keeps_the_caller_and_the_claims(bool claimsReadFirst)
    {
        var principal = ApiKeyClaims.Principal(Caller);
        if (claimsReadFirst)
        {
            _ = principal.Claims.ToList();
        }

        var clone = principal.Clone();

        Assert.Same(Caller, ApiKeyClaims.Caller(clone));
        Assert.Equal(CallerClaims, Claims(clone));
        Assert.Equal(CallerClaims, Claims(principal));
    }

    private static IEnumerable<(string, string)> Claims(ClaimsPrincipal principal) =>
        principal.Claims.Select(claim => (claim.Type, claim.Value)).Order();
}
