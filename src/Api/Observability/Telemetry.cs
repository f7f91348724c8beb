using Layers.Api.Health;
using Layers.Infrastructure.Persistence.ApiKeys;
using Layers.Infrastructure.Settings;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Layers.Api.Observability;

/// <summary>Bound from the "Metrics" configuration section.</summary>
public sealed record MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>The port that serves the Prometheus scrape endpoint, and nothing else; none (the default) serves none.</summary>
    public int? Port { get; set; }

    /// <summary>Where that port listens: loopback by default, <c>*</c> for every interface (Prometheus on another machine).</summary>
    public string Host { get; set; } = "localhost";
}

/// <summary>The metrics port's settings, checked when the host starts.</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SettingProblems(MetricsOptions.Section)
            .Check(options.Port is null or (>= 1 and <= 65535), nameof(options.Port), "must be a port number from 1 to 65535", options.Port)
            .Check(!string.IsNullOrWhiteSpace(options.Host), nameof(options.Host), "must name a host, or * for every interface", options.Host)
            .Result;
    }
}

/// <summary>
/// OpenTelemetry: metrics for a Prometheus scrape on a port of their own and, when an OTLP
/// endpoint is configured, metrics and traces pushed to it. Without either nothing listens, and
/// the instruments the code records to stay disabled and cost nothing.
/// </summary>
public static class Telemetry
{
    /// <summary>The OpenTelemetry SDK's own setting (an environment variable or configuration key).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ScrapePath = "/metrics";

    private const string DefaultServiceName = "layers-api";

    // Meters recorded on the request path are named one by one: ASP.NET Core's instrumentation
    // would also subscribe routing, authentication, authorization and rate limiting, each of them
    // an instrument update or more per request that no dashboard here reads.
    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
        ApiMetrics.MeterName,
        ApiKeyCacheMetrics.MeterName,
    ];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSettings<MetricsOptions, MetricsOptionsValidator>(builder.Configuration, MetricsOptions.Section);
        builder.Services.AddSingleton<ApiMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);

        // Which exporters to register is decided before the host is built: whether a port is set at
        // all. Its value, checked at start, is read where it is used.
        var scrape = !string.IsNullOrWhiteSpace(builder.Configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Port)}"]);
        if (!scrape && !otlp)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName))
            .WithMetrics(meters =>
            {
                meters.AddMeter(Meters).AddNpgsqlInstrumentation();
                if (scrape)
                {
                    meters.AddPrometheusExporter(prometheus => prometheus.ScrapeEndpointPath = ScrapePath);
                }

                if (otlp)
                {
                    meters.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Traces only go to OTLP: without a collector they would be built for nobody.
            telemetry.WithTracing(traces => traces
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbeOrScrape(context))
                .AddNpgsql()
                .AddOtlpExporter());
        }

        if (scrape)
        {
            builder.Services.AddTransient<IStartupFilter, MetricsPortAddress>();
        }

        return builder;
    }

    /// <summary>
    /// First in the pipeline: a request that came in on the metrics port gets the scrape endpoint
    /// and otherwise 404, never the API; on the API's ports the scrape endpoint does not exist.
    /// Which port a connection reached is the server's fact, not a header a client could set.
    /// </summary>
    public static WebApplication UseMetricsPort(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is not { } port)
        {
            return app;
        }

        app.MapWhen(
            context => context.Connection.LocalPort == port,
            scrape =>
            {
                // Scrapes are not the API's traffic: they stay out of its request metrics.
                scrape.Use((context, next) =>
                {
                    if (context.Features.Get<IHttpMetricsTagsFeature>() is { } tags)
                    {
                        tags.MetricsDisabled = true;
                    }

                    return next(context);
                });
                scrape.UseOpenTelemetryPrometheusScrapingEndpoint();
                scrape.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            });
        return app;
    }

    private static bool IsProbeOrScrape(HttpContext context) =>
        context.Request.Path == HealthProbes.LivenessPath
        || context.Request.Path == HealthProbes.ReadinessPath
        || context.Connection.LocalPort == context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.Port;
}
