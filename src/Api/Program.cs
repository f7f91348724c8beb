using Layers.Api.Errors;
using Layers.Api.Http;
using Layers.Application;
using Layers.Application.Common.Security;
using Layers.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var connectionString = builder.Configuration.GetConnectionString("Layers")
    ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__Layers.");

builder.Services.AddApplication();
builder.Services.AddInfrastructure(connectionString);
builder.Services.AddScoped<HttpCurrentCaller>();
builder.Services.AddScoped<ICurrentCaller>(provider => provider.GetRequiredService<HttpCurrentCaller>());
builder.Services.AddControllers();

var app = builder.Build();

app.UseMiddleware<RequestIdMiddleware>();
app.UseMiddleware<ErrorHandlingMiddleware>();

// Bodiless error statuses (unknown route, wrong method) get the same envelope as the rest.
app.UseStatusCodePages(context => ApiErrorWriter.WriteAsync(context.HttpContext, ApiExceptionMapper.ForStatus(context.HttpContext.Response.StatusCode)));
app.UseRouting();
app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
app.MapControllers();

await app.RunAsync().ConfigureAwait(false);

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
