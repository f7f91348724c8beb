using Layers.Api.Health;
using Layers.Api.Hosting;
using Layers.Api.Http;
using Layers.Api.Observability;
using Layers.Api.OpenApi;
using Layers.Api.Security;
using Layers.Application;
using Layers.Application.Common.Hosting;
using Layers.Cli;
using Layers.Infrastructure;
using Layers.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc.ModelBinding;

// The operator verbs (migrate, orgs, projects, keys, demo) and --help are the Layers.Cli entry's,
// run here too so that a deployment of the API can operate itself; anything else starts the web host.
if (OperatorCli.IsCommand(args))
{
    return await LayersCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
}

// The slim builder: Kestrel without HTTPS endpoint configuration or HTTP/3 (the API serves plain
// HTTP behind its proxy), no host filtering, no regex route constraints, and the console as the
// only log provider. None of them is used here, and setting them up delayed a fresh instance's
// first 200 (docs/performance.md).
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = args,

    // appsettings.json is found beside the binary, wherever it is started from.
    ContentRootPath = AppContext.BaseDirectory,
});

// A body's time limit is Kestrel's own, so that a late body ends as Kestrel ends any too-slow
// body: a 408, then the connection closed, without reading the rest.
var requestLimits = (builder.Configuration.GetSection("Requests").Get<RequestLimitsOptions>() ?? new RequestLimitsOptions()).Validated();
builder.Services.AddSingleton(requestLimits);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MinRequestBodyDataRate = requestLimits.BodyDataRate;
});

builder.AddConsoleLogging();

// SIGTERM: /readyz turns 503, the instance serves on for the drain delay, then Kestrel stops
// listening and finishes the requests in flight; the whole stop is bounded by the host's timeout.
var shutdown = (builder.Configuration.GetSection("Shutdown").Get<ShutdownOptions>() ?? new ShutdownOptions()).Validated();
builder.Services.AddSingleton(shutdown);
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.Timeout);
builder.Services.AddSingleton<GracefulShutdown>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<GracefulShutdown>());

if (await LocalDatabase.ConnectionStringAsync(builder.Configuration, builder.Environment, Console.Error).ConfigureAwait(false) is not { } connectionString)
{
    return 1;
}

builder.AddTelemetry();
builder.Services.AddApplication();
builder.Services.AddInfrastructure(connectionString, builder.Configuration.GetSection("Database").Get<DatabaseOptions>());
builder.Services.AddApiRateLimiting(
    builder.Configuration.GetSection("RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions(),
    builder.Configuration.GetConnectionString("Redis"));

builder.Services.AddApiKeySecurity();
builder.Services.AddHealthProbes();

// Readiness waits until the instance has run once what a first keyed request runs.
builder.Services.AddSingleton<IStartupWarmup, FirstRequestWarmup>();
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Encoder = ApiJson.Options.Encoder;
    json.SerializerOptions.TypeInfoResolver = ApiJson.Options.TypeInfoResolver;
});

// MVC's core only, without data-annotation validation or API explorer, which these raw-body
// actions never use but every request would pay for. Actions take no parameters at all (a
// convention test keeps it so): MVC then builds no model binding, value providers or validation
// per request, and a form-encoded or multipart body is never parsed before the action answers 415.
// For the same reason MVC's one global filter, which reports the unsupported media types that
// model binding found, would only add an action-filter stage to every request.
builder.Services.AddMvcCore(mvc =>
{
    foreach (var filter in mvc.Filters.OfType<UnsupportedContentTypeFilter>().ToList())
    {
        mvc.Filters.Remove(filter);
    }
});

var app = builder.Build();

// The metrics port serves its scrape alone, before any of the API's middleware.
app.UseMetricsPort();

// Before anything that reads the client address, so that all of it sees the one a trusted proxy gave.
app.UseTrustedProxies(builder.Configuration.GetSection("ForwardedHeaders").Get<TrustedProxiesOptions>() ?? new TrustedProxiesOptions());
app.UseConnectionCloseWhileDraining();
app.UseMiddleware<RequestIdMiddleware>();
app.UseMiddleware<RequestLoggingMiddleware>();
app.UseMiddleware<ErrorHandlingMiddleware>();
app.UseRouting();
app.UseMiddleware<RequestDeadlineMiddleware>();
app.UseAuthentication();

// The client address's budget and, once its secret verified, the key's, before its scopes are judged.
app.UseRequestLimits();
app.UseAuthorization();
app.MapHealthProbes();
app.MapOpenApiDocument(development: app.Environment.IsDevelopment());
app.MapControllers();

await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
