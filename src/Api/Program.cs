using Layers.Api.Binding;
using Layers.Api.Errors;
using Layers.Api.Health;
using Layers.Api.Hosting;
using Layers.Api.Middleware;
using Layers.Api.Observability;
using Layers.Api.OpenApi;
using Layers.Api.Proxies;
using Layers.Api.RateLimiting;
using Layers.Api.Security;
using Layers.Application;
using Layers.Application.Common.Hosting;
using Layers.Cli;
using Layers.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
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

builder.Services.AddRequestLimits(builder.Configuration);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

builder.AddConsoleLogging();

builder.Services.AddGracefulShutdown(builder.Configuration);

if (await LocalDatabase.ConnectionStringAsync(builder.Configuration, builder.Environment, Console.Error).ConfigureAwait(false) is not { } connectionString)
{
    return 1;
}

builder.AddTelemetry();
builder.Services.AddApplication();
builder.Services.AddInfrastructure(connectionString, builder.Configuration);
builder.Services.AddApiRateLimiting(builder.Configuration);
builder.Services.AddTrustedProxies(builder.Configuration);

builder.Services.AddApiKeySecurity();
builder.Services.AddHealthProbes();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();

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

// A bad setting stops the start: one line for each on standard error, exit code 1.
if (await builder.BuildCheckedAsync(Console.Error).ConfigureAwait(false) is not { } app)
{
    return 1;
}

// The metrics port serves its scrape alone, before any of the API's middleware.
app.UseMetricsPort();

// Before anything that reads the client address, so that all of it sees the one a trusted proxy gave.
app.UseTrustedProxies();
app.UseConnectionCloseWhileDraining();
app.UseMiddleware<RequestIdMiddleware>();
app.UseMiddleware<RequestLoggingMiddleware>();

// Inside the request log line, so that it carries the status of the error envelope.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // Never run: ApiExceptionHandler answers every exception. Without a problem-details service,
    // which would answer in another format, the framework requires a handler of its own all the same.
    ExceptionHandler = static _ => Task.CompletedTask,

    // ApiExceptionHandler logs each outcome at its own level; the framework's line would log an
    // expected one (404, 422...) as an error.
    SuppressDiagnosticsCallback = static diagnostics => diagnostics.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService,
});

// Inside the exception handler, which answers its own statuses (and a client gone away: nothing).
app.UseStatusCodePages(ApiExceptionHandler.WriteBodilessStatusAsync);
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
