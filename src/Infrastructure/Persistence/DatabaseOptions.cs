using Layers.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace Layers.Infrastructure.Persistence;

/// <summary>Connection pool settings, bound from the "Database" configuration section.</summary>
/// <remarks>
/// There is no driver command timeout: on a timeout the driver sends PostgreSQL a cancel request
/// synchronously, and with the server frozen each one held a thread for seconds until the thread
/// pool starved and every request answered late. Statements are bounded by their caller's token
/// instead (see <see cref="DataSourceCalls"/>): the API's request deadline, the CLI's per-verb one.
/// </remarks>
public sealed record DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// Opening a physical connection, and waiting for a pooled one when all are busy. Callers stop
    /// waiting at their own deadline; this bounds how long an abandoned wait lingers. Whole
    /// seconds, as the driver counts it.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxPoolSize { get; set; } = 50;

    /// <summary>
    /// Connections opened at start-up, before the instance reports ready, and kept open: a burst
    /// of traffic on a fresh instance finds them waiting instead of queueing behind new ones; the
    /// pool opens more as the load asks. Each one opened at start costs the database a new
    /// backend process while the instance itself is starting: on 2 cores shared with PostgreSQL,
    /// 16 of them delayed a fresh instance's first 200 under immediate load by about a seventh,
    /// and 4 did not measurably.
    /// </summary>
    public int MinPoolSize { get; set; } = 4;

    /// <summary>
    /// Statements each connection keeps prepared on the server once used five times (the driver's
    /// automatic preparation), so PostgreSQL parses and plans them once per connection instead of
    /// once per statement (docs/performance.md). 64 holds the hot statements (the SELECT by id and
    /// the UPDATEs of the field combinations clients send) with room to spare; the least used give
    /// way. Zero turns it off.
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 64;
}

/// <summary>The driver's own limits on the pool, checked when the host starts.</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    /// <summary>The driver's largest pool and connect timeout (in seconds).</summary>
    public const int DriverLimit = 1024;

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SettingProblems(DatabaseOptions.Section)
            .Range(nameof(options.ConnectTimeout), options.ConnectTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(DriverLimit))
            .Check(options.ConnectTimeout.Ticks % TimeSpan.TicksPerSecond == 0, nameof(options.ConnectTimeout), "must be whole seconds", options.ConnectTimeout)
            .Range(nameof(options.MaxPoolSize), options.MaxPoolSize, 1, DriverLimit)
            .Range(nameof(options.MinPoolSize), options.MinPoolSize, 0, options.MaxPoolSize)
            .Range(nameof(options.MaxAutoPrepare), options.MaxAutoPrepare, 0, DriverLimit)
            .Result;
    }
}
