using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Layers.Infrastructure.Settings;

/// <summary>
/// Every settings class is bound the same way: from its configuration section, checked by its
/// <see cref="IValidateOptions{TOptions}"/> when the host starts (<c>ValidateOnStart</c>), and
/// read as <see cref="IOptions{TOptions}"/>. A value out of its range is refused, never corrected.
/// </summary>
public static class SettingsValidation
{
    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>
    /// Binds and checks every setting registered with <see cref="AddSettings{TOptions, TValidator}"/>
    /// now, as the host's start would, and returns what is wrong, one line per bad setting (none
    /// when all hold). A host reports them itself before it starts, rather than as a failed start.
    /// </summary>
    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception exception) when (ProblemsIn(exception) is [_, ..] problems)
        {
            return problems;
        }
    }

    /// <summary>
    /// The bad settings an exception reports, one line each: the validators' failures, or the
    /// binder's refusal of a value that is not of its setting's type (e.g. "soon" for a TimeSpan).
    /// None for any other exception. Settings read while the host is built (Kestrel's, the host's)
    /// fail its build this way.
    /// </summary>
    public static IReadOnlyList<string> ProblemsIn(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException all => [.. all.InnerExceptions.SelectMany(ProblemsIn)],
        InvalidOperationException unreadable when unreadable.TargetSite?.DeclaringType == typeof(ConfigurationBinder) => [unreadable.Message],
        _ => [],
    };
}
