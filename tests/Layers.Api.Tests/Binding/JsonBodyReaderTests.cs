using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Layers.Api.Binding;
using Layers.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Layers.Api.Tests.Binding;

/// <summary>
/// Reading a body over a pipe, as Kestrel hands it over: whole when it has all arrived, else once
/// it has. Kestrel's own framing is tested over a socket (<see cref="RequestBodyArrivalTests"/>).
/// </summary>
public sealed class JsonBodyReaderTests
{
    private const string Json = """{"name":"Mia Park","brandVoice":"witty"}""";

    [Fact]
    public async Task A_body_received_in_several_pieces_is_read_whole_with_the_hash_of_its_canonical_form()
    {
        // Segments of 16 bytes: the body is received, but not in one piece of memory.
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16));
        var bytes = Encoding.UTF8.GetBytes(Json);
        foreach (var piece in bytes.Chunk(16))
        {
            await pipe.Writer.WriteAsync(piece, TestContext.Current.CancellationToken);
        }

        await pipe.Writer.CompleteAsync();

        var read = await JsonBodyReader.ReadHashedAsync(Request(pipe, "application/json"));

        Assert.Equal(["name", "brandVoice"], read.Body.Properties.Select(property => property.Key));
        Assert.Equal("Mia Park", read.Body.Find("name")?.Text);
        Assert.Empty(read.Body.FormErrors);
        Assert.Equal(SHA256.HashData("""{"brandVoice":"witty","name":"Mia Park"}"""u8), read.Sha256);
    }

    [Fact]
    public async Task A_body_still_arriving_is_read_once_all_of_it_has()
    {
        var pipe = new Pipe();
        var bytes = Encoding.UTF8.GetBytes(Json);
        await pipe.Writer.WriteAsync(bytes.AsMemory(0, 10), TestContext.Current.CancellationToken);

        var reading = JsonBodyReader.ReadAsync(Request(pipe, "application/json"));
        await pipe.Writer.WriteAsync(bytes.AsMemory(10), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();
        var body = await reading;

        Assert.Equal("Mia Park", body.Find("name")?.Text);
        Assert.Equal("witty", body.Find("brandVoice")?.Text);
        Assert.Empty(body.FormErrors);
    }

    [Fact]
    public async Task A_body_received_whole_but_over_16_KiB_is_refused()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes($$"""{"name":"{{new string('a', JsonObjectBody.MaxBytes)}}"}"""), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => JsonBodyReader.ReadAsync(Request(pipe, "application/json")));
    }

    /// <summary>A request whose body stream and body reader read the one pipe, as Kestrel's do.</summary>
    private static HttpRequest Request(Pipe pipe, string? contentType)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(pipe.Reader));
        context.Request.Body = pipe.Reader.AsStream();
        context.Request.ContentType = contentType;
        return context.Request;
    }

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }
}
