using Layers.Application.ApiKeys;
using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Paging;
using Layers.Application.Common.Persistence;
using Layers.Application.Influencers;
using Layers.Application.Organizations;
using Layers.Application.Projects;
using Layers.Infrastructure.Persistence;
using Layers.Infrastructure.Persistence.ApiKeys;
using Layers.Infrastructure.Persistence.Idempotency;
using Layers.Infrastructure.Persistence.Repositories;
using Layers.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Layers.Infrastructure;

public static class DependencyInjection
{
    public const string DataSourceName = "layers";

    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> (and so one pool) for the process, its settings bound from
    /// the "Database" section of <paramref name="configuration"/>; per scope (a request, an operator
    /// verb) one <see cref="DbSession"/>, the unit of work its repositories share.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        // A connection string the driver cannot parse is refused here, before the host is built.
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        services.AddSettings<DatabaseOptions, DatabaseOptionsValidator>(configuration, DatabaseOptions.Section);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
            {
                Timeout = (int)options.ConnectTimeout.TotalSeconds,
                CommandTimeout = 0,

                // A cancelled statement's connection is broken at once rather than waiting on the server.
                CancellationTimeout = -1,
                MaxPoolSize = options.MaxPoolSize,
                MinPoolSize = options.MinPoolSize,

                // The API keeps no session state on pooled connections (no temp tables or SET) beyond
                // the statements the driver prepared, which a DISCARD ALL on every reuse would drop.
                NoResetOnClose = true,
                MaxAutoPrepare = options.MaxAutoPrepare,
            };

            // Named, as the pool is in the driver's metrics and logs, instead of by its connection string.
            var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = DataSourceName };
            return dataSource.UseLoggerFactory(provider.GetService<ILoggerFactory>()).Build();
        });
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<DatabaseWarmup>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseWarmup>());
        services.AddScoped<DbSession>();
        services.AddScoped<IUnitOfWork>(provider => provider.GetRequiredService<DbSession>());
        services.AddScoped<IInfluencerRepository, InfluencerRepository>();
        services.AddScoped<IProjectRepository, ProjectRepository>();
        services.AddSingleton<ICursorSigningKey, CursorSigningKeyRepository>();
        services.AddScoped<IOrgRepository, OrgRepository>();
        services.AddScoped<IIdempotencyStore, IdempotencyStore>();
        services.AddSingleton<IIdempotentResultFormat, JsonIdempotentResultFormat>();
        services.AddScoped<ApiKeyRepository>();
        services.AddMetrics();
        services.AddSingleton<ApiKeyCacheMetrics>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<IApiKeyRepository, CachingApiKeyRepository>();
        services.AddHostedService<ApiKeyChangeListener>();
        return services;
    }
}
