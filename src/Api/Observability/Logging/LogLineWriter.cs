using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Console;

namespace Layers.Api.Observability.Logging;

/// <summary>One formatted log line, bound for standard output or standard error.</summary>
internal readonly record struct LogLine(string Text, bool ToError);

/// <summary>
/// Writes log lines from a thread of its own, every line queued so far in one write. The console
/// logger writes each line with a write of its own and wakes its thread for each: with a line per
/// request, that (and the wake of whatever reads the pipe, a container's log collector) was most
/// of the request log line's cost under load. Here the thread, once woken by a first line, waits
/// up to the batch delay for more before it writes; a line at Error or above, or a queue at its
/// bound, is written at once with everything queued before it.
/// </summary>
internal sealed class LogLineWriter : IDisposable
{
    /// <summary>How long a line may wait for others to share its write.</summary>
    public static readonly TimeSpan DefaultBatchDelay = TimeSpan.FromMilliseconds(10);

    // As the console logger's own queue: a full queue is drained within its timeout when disposed.
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromMilliseconds(1500);

    private readonly Stream output;
    private readonly Stream error;
    private readonly TimeSpan batchDelay;
    private readonly Thread thread;
    private readonly Lock writeGate = new();

    // Monitor, not Lock: the writer and producers blocked on a full queue wait on it.
    private readonly object gate = new();
    private List<LogLine> pending = [];
    private List<LogLine> writing = [];
    private int maxQueueLength;
    private ConsoleLoggerQueueFullMode fullMode;
    private bool writeNow;
    private bool completed;
    private int dropped;

    // A pipe's default capacity: one write fills it at most.
    private byte[] buffer = new byte[64 * 1024];
    private bool failed;

    public LogLineWriter(Stream output, Stream error, TimeSpan batchDelay, int maxQueueLength, ConsoleLoggerQueueFullMode fullMode)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchDelay, TimeSpan.Zero);
        this.output = output;
        this.error = error;
        this.batchDelay = batchDelay;
        Configure(maxQueueLength, fullMode);
        thread = new Thread(Run) { IsBackground = true, Name = "Log line writer" };
        thread.Start();
    }

    /// <summary>The console logger's queue settings (Logging:Console:MaxQueueLength, QueueFullMode), which may change on reload.</summary>
    public void Configure(int maxQueueLength, ConsoleLoggerQueueFullMode fullMode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueueLength, 1);
        lock (gate)
        {
            this.maxQueueLength = maxQueueLength;
            this.fullMode = fullMode;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>
    /// Queues a line; with <paramref name="urgent"/>, the writer writes it without waiting out the
    /// batch delay. When the queue is full, waits for room or drops the line, as configured.
    /// </summary>
    public void Write(LogLine line, bool urgent)
    {
        lock (gate)
        {
            while (!completed && pending.Count >= maxQueueLength)
            {
                if (fullMode == ConsoleLoggerQueueFullMode.DropWrite)
                {
                    dropped++;
                    return;
                }

                Monitor.Wait(gate);
            }

            if (!completed)
            {
                pending.Add(line);

                // Only a first line, an urgent one or a full queue wakes the writer; the others
                // join the write it is waiting to make.
                var wake = urgent || pending.Count >= maxQueueLength;
                writeNow |= wake;
                if (wake || pending.Count == 1)
                {
                    Monitor.PulseAll(gate);
                }

                return;
            }
        }

        // Logged after disposal (the host's last lines): written at once, on the caller's thread.
        WriteOut([line], droppedLines: 0);
    }

    /// <summary>Writes what is queued, then stops the writer's thread.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }

        thread.Join(DisposeTimeout);
    }

    private void Run()
    {
        while (true)
        {
            int droppedLines;
            lock (gate)
            {
                while (pending.Count == 0 && !completed)
                {
                    Monitor.Wait(gate);
                }

                if (pending.Count == 0)
                {
                    return;
                }

                if (!writeNow && !completed && batchDelay > TimeSpan.Zero)
                {
                    Monitor.Wait(gate, batchDelay);
                }

                (pending, writing) = (writing, pending);
                writeNow = false;
                droppedLines = dropped;
                dropped = 0;

                // Producers waiting on a full queue have room again.
                Monitor.PulseAll(gate);
            }

            WriteOut(writing, droppedLines);
            writing.Clear();
        }
    }

    private void WriteOut(List<LogLine> lines, int droppedLines)
    {
        lock (writeGate)
        {
            if (failed)
            {
                return;
            }

            try
            {
                var length = 0;
                var toError = false;
                if (droppedLines > 0)
                {
                    Append(ref length, ref toError, new LogLine(string.Create(CultureInfo.InvariantCulture, $"{droppedLines} log line(s) dropped: the log queue was full (Logging:Console:MaxQueueLength, QueueFullMode).{Environment.NewLine}"), ToError: true));
                }

                foreach (var line in lines)
                {
                    Append(ref length, ref toError, line);
                }

                WriteBuffer(toError, length);
            }
            catch (IOException)
            {
                // Standard output is gone (its reader closed the pipe): nothing more can be written,
                // and a log line must never fail the request that wrote it.
                failed = true;
            }
        }
    }

    // Lines keep their order across the two streams: a change of stream, like a full buffer,
    // first writes out what came before.
    private void Append(ref int length, ref bool toError, LogLine line)
    {
        var most = Encoding.UTF8.GetMaxByteCount(line.Text.Length);
        if (line.ToError != toError || length + most > buffer.Length)
        {
            WriteBuffer(toError, length);
            length = 0;
        }

        if (most > buffer.Length)
        {
            buffer = new byte[most];
        }

        toError = line.ToError;
        length += Encoding.UTF8.GetBytes(line.Text, buffer.AsSpan(length));
    }

    private void WriteBuffer(bool toError, int length)
    {
        if (length == 0)
        {
            return;
        }

        var stream = toError ? error : output;
        stream.Write(buffer, 0, length);
        stream.Flush();
    }
}
