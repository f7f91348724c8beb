using System.Net;
using System.Net.Sockets;
using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class ColdStartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A clock that moves 5 ms each time it is read, and the attempts it saw.</summary>
    private sealed class Script(params Func<HttpStatusCode>[] answers)
    {
        private TimeSpan now;

        public int Attempts { get; private set; }

        public int Pauses { get; private set; }

        public Task<HttpStatusCode> AttemptAsync() => Task.FromResult(answers[Attempts++]());

        public TimeSpan Elapsed() => now += TimeSpan.FromMilliseconds(5);

        public Task PauseAsync()
        {
            Pauses++;
            return Task.CompletedTask;
        }
    }

    private static HttpStatusCode Refused() =>
        throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));

    [Fact]
    public async Task Refused_connections_and_other_statuses_count_as_not_yet_and_the_time_is_read_at_the_first_200()
    {
        var script = new Script(Refused, Refused, () => HttpStatusCode.ServiceUnavailable, () => HttpStatusCode.OK);

        var elapsed = await ColdStart.UntilFirstOkAsync(script.AttemptAsync, script.Elapsed, script.PauseAsync, () => false, Timeout);

        Assert.Equal(4, script.Attempts);
        Assert.Equal(3, script.Pauses);

        // Each failed attempt reads the clock once (against the timeout); the 200 reads it last.
        Assert.Equal(TimeSpan.FromMilliseconds(20), elapsed);
    }

    [Fact]
    public async Task A_server_that_exits_before_its_first_200_fails_the_measurement()
    {
        var script = new Script(Refused, Refused);
        var exited = false;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ColdStart.UntilFirstOkAsync(script.AttemptAsync, script.Elapsed, () => { exited = true; return Task.CompletedTask; }, () => exited, Timeout));
        Assert.Equal(2, script.Attempts);
    }

    [Fact]
    public async Task A_server_that_answers_no_200_in_time_fails_the_measurement()
    {
        var script = new Script(Refused, Refused, Refused);

        await Assert.ThrowsAsync<TimeoutException>(() =>
            ColdStart.UntilFirstOkAsync(script.AttemptAsync, script.Elapsed, script.PauseAsync, () => false, TimeSpan.FromMilliseconds(12)));
        Assert.Equal(3, script.Attempts);
    }

    [Fact]
    public async Task A_failure_that_is_not_the_server_s_is_not_taken_for_not_yet()
    {
        var script = new Script(() => throw new InvalidOperationException("a bug in the caller"));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ColdStart.UntilFirstOkAsync(script.AttemptAsync, script.Elapsed, script.PauseAsync, () => false, Timeout));
        Assert.Equal(0, script.Pauses);
    }
}
