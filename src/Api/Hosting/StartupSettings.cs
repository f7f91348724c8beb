using Layers.Infrastructure.Settings;

namespace Layers.Api.Hosting;

/// <summary>The server's settings, checked before it starts.</summary>
public static class StartupSettings
{
    /// <summary>
    /// Builds the application and checks every setting, as its start would: each bad one is written
    /// to <paramref name="error"/> on a line of its own, and then there is no application to run.
    /// Some settings are read while the application is built (Kestrel's, the host's shutdown
    /// timeout), so a bad one can also fail the build itself, which then reports the first such
    /// setting's problems alone.
    /// </summary>
    public static async Task<WebApplication?> BuildCheckedAsync(this WebApplicationBuilder builder, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(error);
        WebApplication? app = null;
        IReadOnlyList<string> problems;
        try
        {
            app = builder.Build();
            problems = SettingsValidation.Problems(app.Services);
        }
        catch (Exception exception) when (SettingsValidation.ProblemsIn(exception) is [_, ..] found)
        {
            problems = found;
        }

        if (problems.Count == 0)
        {
            return app;
        }

        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
        }

        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }
}
