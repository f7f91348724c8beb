using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Layers.IntegrationTests.Observability;

/// <summary>
/// Stands in for an OpenTelemetry collector: accepts OTLP over HTTP (protobuf) on a loopback port
/// and keeps each export's signal (<c>traces</c>, <c>metrics</c>) and raw body.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> exports = new();
    private readonly WebApplication app;

    public OtlpCollector()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();

        // An empty body is the protobuf encoding of a response that reports no rejected items.
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((signal, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
    }

    public Uri Address => new(app.Urls.Single());

    public Task StartAsync() => app.StartAsync();

    /// <summary>Whether an export of <paramref name="signal"/> arrived whose body holds <paramref name="bytes"/>.</summary>
    public bool Received(string signal, ReadOnlySpan<byte> bytes)
    {
        foreach (var (exported, body) in exports)
        {
            if (exported == signal && body.AsSpan().IndexOf(bytes) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
