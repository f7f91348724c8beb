using Layers.Api.RateLimiting;
using Microsoft.Extensions.Options;

namespace Layers.Api.Tests.RateLimiting;

public sealed class FailedAuthenticationBudgetTests
{
    private static FailedAuthenticationBudget Budget(int perSecond) =>
        new(Options.Create(new RateLimitingOptions { AnonymousPermitsPerSecond = perSecond }), new RateLimitBuckets());

    [Fact]
    public async Task An_address_has_a_burst_of_twice_its_rate_then_none_while_other_addresses_keep_theirs()
    {
        using var budget = Budget(3);

        var charged = new List<bool>();
        for (var i = 0; i < 6; i++)
        {
            charged.Add((await budget.TryChargeAsync("192.0.2.1")).Charged);
        }

        Assert.Equal(Enumerable.Repeat(true, 6), charged);
        Assert.False(budget.HasBudget("192.0.2.1"));
        Assert.Equal((false, 1), await budget.TryChargeAsync("192.0.2.1"));
        Assert.True(budget.HasBudget("192.0.2.2"));
    }

    [Fact]
    public async Task Looking_at_the_budget_spends_none_of_it()
    {
        using var budget = Budget(1);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(budget.HasBudget("192.0.2.1"));
        }

        Assert.True((await budget.TryChargeAsync("192.0.2.1")).Charged);
        Assert.True((await budget.TryChargeAsync("192.0.2.1")).Charged);
        Assert.False(budget.HasBudget("192.0.2.1"));
    }
}
