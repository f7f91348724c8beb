using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Layers.IntegrationTests.Load;

/// <summary>
/// Concurrent clients, each owning one field of one influencer: it PATCHes only that field, with
/// a new value each time, and remembers the last value the API confirmed. Since nobody else
/// writes the field, the API must show that value whenever the owner reads it back, and at the
/// end; anything else is a lost update. Half the requests are PATCHes, a quarter GET the
/// client's own influencer (and check its field), a quarter GET another one.
/// </summary>
public sealed class LoadDriver
{
    public static readonly string[] Fields = ["name", "brandVoice", "language", "ageRange"];

    // A safety net beside the duration: no client loop runs unbounded even if requests got
    // impossibly fast (a sequential client on loopback does well under 1000 a second).
    private const int MaxRequestsPerClientPerSecond = 2_000;

    private static readonly string[] BrandVoices = ["authentic", "witty", "professional", "warm", "casual", "educational"];
    private static readonly string[] Languages = ["en", "es-MX", "zh-Hans-CN", "fr-CA", "de", "pt-BR", "ja"];

    // null clears the age range: clearing races with the other fields' writes too.
    private static readonly string?[] AgeRanges = ["teen", "young_adult", "adult", "mid_adult", "mature", "senior", null];

    private readonly HttpClient http;
    private readonly IReadOnlyList<string> influencerIds;
    private readonly Client[] clients;

    /// <param name="influencerIds">Client i owns field i % 4 of influencer i / 4.</param>
    public LoadDriver(HttpClient http, IReadOnlyList<string> influencerIds, int clientCount)
    {
        ArgumentNullException.ThrowIfNull(influencerIds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clientCount, influencerIds.Count * Fields.Length);
        this.http = http;
        this.influencerIds = influencerIds;
        clients = [.. Enumerable.Range(0, clientCount).Select(i => new Client(i, influencerIds[i / Fields.Length], Fields[i % Fields.Length]))];
    }

    public static int InfluencersFor(int clientCount) => (clientCount + Fields.Length - 1) / Fields.Length;

    /// <summary>Loopback only, no proxy, a connection per client, and a key on every request.</summary>
    public static HttpClient CreateHttpClient(Uri baseAddress, string apiKey, int clientCount) =>
        new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = clientCount })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(10),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) },
        };

    /// <summary>Runs every client for <paramref name="duration"/>; the clients' values carry over from run to run.</summary>
    public Task<LoadReport> RunAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        RunAsync(duration, CancellationToken.None, cancellationToken);

    /// <summary>
    /// Runs every client until <paramref name="stop"/> is signalled or <paramref name="duration"/>
    /// has passed; each client finishes the request it is sending, which is answered and counted.
    /// </summary>
    public async Task<LoadReport> RunAsync(TimeSpan duration, CancellationToken stop, CancellationToken cancellationToken)
    {
        var maxRequests = (long)Math.Ceiling(duration.TotalSeconds * MaxRequestsPerClientPerSecond);
        var started = Stopwatch.GetTimestamp();
        var stats = await Task.WhenAll(clients.Select(client => Task.Run(() => RunClientAsync(client, duration, maxRequests, stop, cancellationToken), cancellationToken)));
        return LoadReport.Merge(Stopwatch.GetElapsedTime(started), stats);
    }

    /// <summary>Reads every influencer once more; one line per owned field not showing its owner's last confirmed value.</summary>
    public async Task<IReadOnlyList<string>> FindLostUpdatesAsync(CancellationToken cancellationToken)
    {
        var lost = new List<string>();
        foreach (var owners in clients.GroupBy(client => client.InfluencerId))
        {
            using var response = await http.GetAsync(new Uri($"/v1/influencers/{owners.Key}", UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                lost.Add($"GET {owners.Key} answered {(int)response.StatusCode}: {body}");
                continue;
            }

            using var document = JsonDocument.Parse(body);
            foreach (var owner in owners.Where(owner => owner.HasConfirmed))
            {
                var shown = FieldOf(document.RootElement, owner.Field);
                if (shown != owner.LastConfirmed)
                {
                    lost.Add($"{owner.InfluencerId} {owner.Field}: shows {Show(shown)}, client {owner.Index} last confirmed {Show(owner.LastConfirmed)}");
                }
            }
        }

        return lost;
    }

    private static string? FieldOf(JsonElement influencer, string field) =>
        influencer.GetProperty(field) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string Show(string? value) => value is null ? "null" : $"'{value}'";

    private async Task<ClientStats> RunClientAsync(Client client, TimeSpan duration, long maxRequests, CancellationToken stop, CancellationToken cancellationToken)
    {
        var stats = new ClientStats();
        var started = Stopwatch.GetTimestamp();
        for (var sent = 0L; sent < maxRequests && Stopwatch.GetElapsedTime(started) < duration && !stop.IsCancellationRequested; sent++)
        {
            var roll = client.Random.NextDouble();
            if (roll < 0.5)
            {
                await PatchAsync(client, stats, cancellationToken);
            }
            else if (roll < 0.75)
            {
                await GetOwnAsync(client, stats, cancellationToken);
            }
            else
            {
                var other = influencerIds[client.Random.Next(influencerIds.Count)];
                await SendAsync(HttpMethod.Get, other, null, stats, cancellationToken);
            }
        }

        return stats;
    }

    private async Task PatchAsync(Client client, ClientStats stats, CancellationToken cancellationToken)
    {
        var value = client.NextValue();
        var body = JsonSerializer.Serialize(new Dictionary<string, string?> { [client.Field] = value });
        using var answer = await SendAsync(HttpMethod.Patch, client.InfluencerId, body, stats, cancellationToken);
        if (answer is null)
        {
            // The write may or may not have happened (a timeout, say): the field is unknown until
            // the next confirmed PATCH, so it is not checked meanwhile. The failure is counted.
            client.Forget();
            return;
        }

        var echoed = FieldOf(answer.RootElement, client.Field);
        if (echoed != value)
        {
            stats.Mismatch($"PATCH {client.InfluencerId} {client.Field}={Show(value)} answered {Show(echoed)}");
            return;
        }

        client.Confirm(value);
    }

    /// <summary>Read-your-writes: the owner's last confirmed value must be what it reads.</summary>
    private async Task GetOwnAsync(Client client, ClientStats stats, CancellationToken cancellationToken)
    {
        using var answer = await SendAsync(HttpMethod.Get, client.InfluencerId, null, stats, cancellationToken);
        if (answer is null || !client.HasConfirmed)
        {
            return;
        }

        var shown = FieldOf(answer.RootElement, client.Field);
        if (shown != client.LastConfirmed)
        {
            stats.Mismatch($"GET {client.InfluencerId} {client.Field} shows {Show(shown)} after client {client.Index} confirmed {Show(client.LastConfirmed)}");
        }
    }

    /// <summary>The parsed body of a 200; null (and counted as a failure) for any other outcome.</summary>
    private async Task<JsonDocument?> SendAsync(HttpMethod method, string influencerId, string? json, ClientStats stats, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri($"/v1/influencers/{influencerId}", UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var started = Stopwatch.GetTimestamp();
        string outcome;
        string body;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException exception)
        {
            (outcome, body) = ("transport error", exception.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            (outcome, body) = ("timeout", $"no answer within {http.Timeout.TotalSeconds:0} s");
        }

        stats.Record(method, outcome, Stopwatch.GetElapsedTime(started));
        if (outcome != "200")
        {
            stats.Fail($"{method} {influencerId}: {outcome} {body}");
            return null;
        }

        return JsonDocument.Parse(body);
    }

    private sealed class Client(int index, string influencerId, string field)
    {
        private long sequence;

        public int Index { get; } = index;

        public string InfluencerId { get; } = influencerId;

        public string Field { get; } = field;

        // Seeded: each client draws the same mix of requests on every run.
        public Random Random { get; } = new(index);

        public bool HasConfirmed { get; private set; }

        public string? LastConfirmed { get; private set; }

        /// <summary>Differs from the previous value, so that every PATCH really changes the field.</summary>
        public string? NextValue()
        {
            var n = ++sequence;
            return Field switch
            {
                "name" => string.Create(CultureInfo.InvariantCulture, $"Soak {Index} #{n}"),
                "brandVoice" => BrandVoices[n % BrandVoices.Length],
                "language" => Languages[n % Languages.Length],
                _ => AgeRanges[n % AgeRanges.Length],
            };
        }

        public void Confirm(string? value)
        {
            LastConfirmed = value;
            HasConfirmed = true;
        }

        public void Forget() => HasConfirmed = false;
    }

    /// <summary>One client's figures; merged once the clients are done, so nothing is shared while they run.</summary>
    internal sealed class ClientStats
    {
        public Dictionary<string, long> Outcomes { get; } = new(StringComparer.Ordinal);

        public List<double> GetMilliseconds { get; } = [];

        public List<double> PatchMilliseconds { get; } = [];

        public List<string> FailureSamples { get; } = [];

        public long Failures { get; private set; }

        public long Mismatches { get; private set; }

        public void Record(HttpMethod method, string outcome, TimeSpan elapsed)
        {
            Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
            (method == HttpMethod.Patch ? PatchMilliseconds : GetMilliseconds).Add(elapsed.TotalMilliseconds);
        }

        public void Fail(string message)
        {
            Failures++;
            Sample(message);
        }

        public void Mismatch(string message)
        {
            Mismatches++;
            Sample(message);
        }

        private void Sample(string message)
        {
            if (FailureSamples.Count < LoadReport.MaxFailureSamples)
            {
                FailureSamples.Add(message);
            }
        }
    }
}

/// <summary>What one run of the clients saw.</summary>
public sealed record LoadReport(
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<double> GetMilliseconds,
    IReadOnlyList<double> PatchMilliseconds,
    long Failures,
    long Mismatches,
    IReadOnlyList<string> FailureSamples)
{
    internal const int MaxFailureSamples = 20;

    public long Requests => GetMilliseconds.Count + PatchMilliseconds.Count;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>Answers other than 200: 5xx, 429 and every other status, timeouts and transport errors.</summary>
    public long Unexpected => Outcomes.Where(outcome => outcome.Key != "200").Sum(outcome => outcome.Value);

    public long ServerErrors => Outcomes.Where(outcome => outcome.Key.StartsWith('5')).Sum(outcome => outcome.Value);

    internal static LoadReport Merge(TimeSpan elapsed, IReadOnlyList<LoadDriver.ClientStats> clients)
    {
        var outcomes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (outcome, count) in clients.SelectMany(client => client.Outcomes))
        {
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + count;
        }

        return new LoadReport(
            elapsed,
            outcomes,
            [.. clients.SelectMany(client => client.GetMilliseconds).Order()],
            [.. clients.SelectMany(client => client.PatchMilliseconds).Order()],
            clients.Sum(client => client.Failures),
            clients.Sum(client => client.Mismatches),
            [.. clients.SelectMany(client => client.FailureSamples).Take(MaxFailureSamples)]);
    }

    public override string ToString()
    {
        var all = GetMilliseconds.Concat(PatchMilliseconds).Order().ToList();
        var histogram = string.Join(", ", Outcomes.Select(outcome => $"{outcome.Key}: {outcome.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"""
            {Requests} requests in {Elapsed.TotalSeconds:0.0} s = {RequestsPerSecond:0} requests/s ({GetMilliseconds.Count} GET, {PatchMilliseconds.Count} PATCH)
            statuses: {histogram}
            latency ms   p50 / p99 / max: all {Latency(all)}; GET {Latency(GetMilliseconds)}; PATCH {Latency(PatchMilliseconds)}
            failures: {Failures}, lost or stale updates: {Mismatches}
            """);
    }

    private static string Latency(IReadOnlyList<double> sorted) =>
        sorted.Count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 0.50):0.0} / {Percentile(sorted, 0.99):0.0} / {sorted[^1]:0.0}");

    /// <summary>Nearest rank.</summary>
    private static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}
