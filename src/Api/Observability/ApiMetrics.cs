using System.Diagnostics.Metrics;

namespace Layers.Api.Observability;

/// <summary>Which budget turned a request away with 429 (see <see cref="RateLimiting.ApiRateLimiting"/>).</summary>
public enum RateLimitBudget
{
    /// <summary>Every request of one client address.</summary>
    ClientAddress,

    /// <summary>The requests of one key whose secret verified.</summary>
    ApiKey,

    /// <summary>Failed authentications of one client address.</summary>
    FailedAuthentication,
}

/// <summary>
/// The API's own instruments, of the meter <see cref="MeterName"/>. Rejections are counted where
/// they are answered, so an admitted request costs nothing here. The framework's rate-limiting
/// meter is not used for them: it names both of our limiters <c>global_limiter</c>, cannot see
/// the failed-authentication budget (the authentication handler's), and records four instruments
/// per limiter on every admitted request.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "Layers.Api";

    /// <summary>The attribute that names the budget: client_address, api_key or failed_authentication.</summary>
    public const string BudgetAttribute = "layers.rate_limiting.budget";

    private readonly Counter<long> rejections;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        rejections = meterFactory.Create(MeterName).CreateCounter<long>(
            "layers.rate_limiting.rejections", "{request}", "Requests answered 429 RATE_LIMITED, by the budget they exceeded.");
    }

    public void RateLimited(RateLimitBudget budget) =>
        rejections.Add(1, new KeyValuePair<string, object?>(BudgetAttribute, budget switch
        {
            RateLimitBudget.ClientAddress => "client_address",
            RateLimitBudget.ApiKey => "api_key",
            _ => "failed_authentication",
        }));
}
