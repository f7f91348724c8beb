using Layers.Api.Http;

namespace Layers.IntegrationTests.Http;

public sealed class FailedAuthenticationBudgetTests
{
    [Fact]
    public void An_address_has_a_burst_of_twice_its_rate_then_none_while_other_addresses_keep_theirs()
    {
        using var budget = new FailedAuthenticationBudget(new RateLimitingOptions { AnonymousPermitsPerSecond = 3 });

        var charged = Enumerable.Range(0, 6).Select(_ => budget.TryCharge("192.0.2.1", out _)).ToList();

        Assert.Equal(Enumerable.Repeat(true, 6), charged);
        Assert.False(budget.HasBudget("192.0.2.1"));
        Assert.False(budget.TryCharge("192.0.2.1", out var retryAfter));
        Assert.Equal(1, retryAfter);
        Assert.True(budget.HasBudget("192.0.2.2"));
    }

    [Fact]
    public void Looking_at_the_budget_spends_none_of_it()
    {
        using var budget = new FailedAuthenticationBudget(new RateLimitingOptions { AnonymousPermitsPerSecond = 1 });

        for (var i = 0; i < 10; i++)
        {
            Assert.True(budget.HasBudget("192.0.2.1"));
        }

        Assert.True(budget.TryCharge("192.0.2.1", out _));
        Assert.True(budget.TryCharge("192.0.2.1", out _));
        Assert.False(budget.HasBudget("192.0.2.1"));
    }
}
