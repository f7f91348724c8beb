using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Layers.Bench.Runner;

/// <summary>
/// A PATCH's answer as a client sees it, with the time of the write (<c>updatedAt</c>) set aside
/// when it has the contract's form (<c>2026-04-18T09:18:44Z</c>), so that a difference of form still shows.
/// </summary>
internal sealed partial record Answer(int Status, string? ContentType, string? ETag, string Body)
{
    public static Answer Of(int status, string? contentType, string? eTag, string body) =>
        new(status, contentType, eTag, UpdatedAt().Replace(body, "\"updatedAt\":\"(set aside)\""));

    [GeneratedRegex("\"updatedAt\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\"")]
    private static partial Regex UpdatedAt();
}

/// <summary>
/// Before anything is measured: the API and the bare endpoint answer the benchmark's PATCHes
/// identically, status, Content-Type, ETag and body byte for byte, updatedAt aside. Both work on
/// one influencer, one after the other: whichever goes first writes and the other finds the value
/// stored, so a server that wrote something else would meet a row the other has to change, and
/// the versions, hence the ETags, would part.
/// </summary>
internal static class AnswerCheck
{
    /// <summary>Every PATCH of the workload twice: first to the API and then to the bare endpoint, then the other way round.</summary>
    public static IReadOnlyList<(string Body, bool ApiFirst)> Sequence(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var bodies = workload.Bodies;
        return [.. bodies.Select(body => (body, true)), .. bodies.Select(body => (body, false))];
    }

    /// <summary>Why the two answers to the <paramref name="index"/>-th PATCH fail the check; null when they pass.</summary>
    public static string? Difference(int index, string body, Answer api, Answer bare)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.Status != 200 ? $"PATCH {index + 1} {body}: the API answered {api.Status}, not 200: {api.Body}"
            : api != bare ? $"PATCH {index + 1} {body} is answered differently.\n  API:  {api}\n  bare: {bare}"
            : null;
    }

    /// <summary>Runs the sequence on the influencer <paramref name="influencerId"/>; throws at the first difference.</summary>
    public static async Task RunAsync(Uri api, Uri bare, string apiKey, string influencerId, Workload workload)
    {
        using var http = new HttpClient();
        var sequence = Sequence(workload);
        for (var i = 0; i < sequence.Count; i++)
        {
            var (body, apiFirst) = sequence[i];
            Answer apiAnswer, bareAnswer;
            if (apiFirst)
            {
                apiAnswer = await SendAsync(http, api, apiKey, influencerId, body).ConfigureAwait(false);
                bareAnswer = await SendAsync(http, bare, apiKey, influencerId, body).ConfigureAwait(false);
            }
            else
            {
                bareAnswer = await SendAsync(http, bare, apiKey, influencerId, body).ConfigureAwait(false);
                apiAnswer = await SendAsync(http, api, apiKey, influencerId, body).ConfigureAwait(false);
            }

            if (Difference(i, body, apiAnswer, bareAnswer) is { } difference)
            {
                throw new InvalidOperationException($"The bare endpoint is no baseline for the API: {difference}");
            }
        }
    }

    /// <summary>One PATCH as wrk sends it.</summary>
    public static async Task<Answer> SendAsync(HttpClient http, Uri server, string apiKey, string influencerId, string body)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(server, $"/v1/influencers/{influencerId}"))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        return Answer.Of(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.ETag?.ToString(),
            await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }
}
