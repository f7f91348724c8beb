using Layers.Api.Observability.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Layers.Api.Tests.Observability.Logging;

public sealed class LogLineWriterTests
{
    // Longer than any test: only a first-line wake-up, an urgent line, a full queue or disposal writes.
    private static readonly TimeSpan Forever = TimeSpan.FromHours(1);

    private readonly RecordingStreams streams = new();

    [Fact]
    public void Lines_queued_within_the_batch_delay_are_written_in_one_write()
    {
        using (var writer = Writer(Forever))
        {
            writer.Write(Out("a\n"), urgent: false);
            writer.Write(Out("b\n"), urgent: false);
            writer.Write(Out("c\n"), urgent: false);
            Assert.Empty(streams.Writes);
        }

        Assert.Equal([("out", "a\nb\nc\n")], streams.Writes);
    }

    [Fact]
    public void An_urgent_line_is_written_at_once_with_the_lines_queued_before_it()
    {
        using var writer = Writer(Forever);

        writer.Write(Out("info\n"), urgent: false);
        writer.Write(Out("fail\n"), urgent: true);

        Assert.Equal([("out", "info\nfail\n")], streams.WaitForWrites(1));
    }

    [Fact]
    public void A_queue_at_its_bound_is_written_at_once()
    {
        using var writer = Writer(Forever, maxQueueLength: 2);

        writer.Write(Out("a\n"), urgent: false);
        writer.Write(Out("b\n"), urgent: false);

        Assert.Equal([("out", "a\nb\n")], streams.WaitForWrites(1));
    }

    [Fact]
    public void A_line_is_written_once_the_batch_delay_is_over()
    {
        using var writer = Writer(TimeSpan.FromMilliseconds(1));

        writer.Write(Out("a\n"), urgent: false);

        Assert.Equal([("out", "a\n")], streams.WaitForWrites(1));
    }

    [Fact]
    public void Lines_keep_their_order_across_standard_output_and_error()
    {
        using (var writer = Writer(Forever))
        {
            writer.Write(Out("one\n"), urgent: false);
            writer.Write(new LogLine("two\n", ToError: true), urgent: false);
            writer.Write(Out("three\n"), urgent: false);
        }

        Assert.Equal([("out", "one\n"), ("err", "two\n"), ("out", "three\n")], streams.Writes);
    }

    [Fact]
    public void With_DropWrite_lines_beyond_a_full_queue_are_dropped_and_counted_on_standard_error()
    {
        using var hold = new ManualResetEventSlim();
        streams.Output.Hold = hold;
        using (var writer = Writer(Forever, maxQueueLength: 1, ConsoleLoggerQueueFullMode.DropWrite))
        {
            writer.Write(Out("written\n"), urgent: true);
            Assert.True(streams.Output.Entered.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

            // The writer is held in its write of the first line: the queue holds one line more.
            writer.Write(Out("queued\n"), urgent: false);
            writer.Write(Out("dropped\n"), urgent: false);
            writer.Write(Out("dropped too\n"), urgent: false);
            hold.Set();
        }

        Assert.Equal(
            [
                ("out", "written\n"),
                ("err", $"2 log line(s) dropped: the log queue was full (Logging:Console:MaxQueueLength, QueueFullMode).{Environment.NewLine}"),
                ("out", "queued\n"),
            ],
            streams.Writes);
    }

    [Fact]
    public void With_Wait_a_full_queue_holds_the_caller_and_no_line_is_lost()
    {
        var lines = Enumerable.Range(1, 200).Select(i => $"{i}\n").ToList();
        using (var writer = Writer(Forever, maxQueueLength: 3, ConsoleLoggerQueueFullMode.Wait))
        {
            foreach (var line in lines)
            {
                writer.Write(Out(line), urgent: false);
            }
        }

        Assert.Equal(string.Concat(lines), string.Concat(streams.Writes.Select(write => write.Text)));
    }

    [Fact]
    public void A_failed_write_stops_the_writing_without_failing_the_callers()
    {
        streams.Output.Fails = true;
        using (var writer = Writer(Forever))
        {
            writer.Write(Out("lost\n"), urgent: true);
            Assert.True(streams.Output.Entered.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            writer.Write(Out("not tried\n"), urgent: true);
        }

        Assert.Equal(1, streams.Output.Attempts);
        Assert.Empty(streams.Writes);
    }

    [Fact]
    public void A_line_logged_after_disposal_is_written_at_once()
    {
        var writer = Writer(Forever);
        writer.Dispose();

        writer.Write(Out("last words\n"), urgent: false);

        Assert.Equal([("out", "last words\n")], streams.Writes);
    }

    [Fact]
    public void A_line_longer_than_the_buffer_is_written_whole()
    {
        var line = new string('é', 100_000) + "\n";
        using (var writer = Writer(Forever))
        {
            writer.Write(Out("short\n"), urgent: false);
            writer.Write(Out(line), urgent: false);
        }

        Assert.Equal("short\n" + line, string.Concat(streams.Writes.Select(write => write.Text)));
    }

    private static LogLine Out(string text) => new(text, ToError: false);

    private LogLineWriter Writer(TimeSpan batchDelay, int maxQueueLength = 100, ConsoleLoggerQueueFullMode fullMode = ConsoleLoggerQueueFullMode.Wait) =>
        new(streams.Output, streams.Error, batchDelay, maxQueueLength, fullMode);
}
