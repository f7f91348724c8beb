using System.Text;

namespace Layers.Api.Tests.Observability.Logging;

/// <summary>
/// Standard output and error for a <c>LogLineWriter</c>: every write, in the order the two
/// streams received them. Output can be made to hold its next write until released, or to fail.
/// </summary>
internal sealed class RecordingStreams
{
    private readonly Lock gate = new();
    private readonly List<(string Stream, string Text)> writes = [];

    public RecordingStreams()
    {
        Output = new Recording(this, "out");
        Error = new Recording(this, "err");
    }

    public Recording Output { get; }

    public Recording Error { get; }

    public IReadOnlyList<(string Stream, string Text)> Writes
    {
        get
        {
            lock (gate)
            {
                return [.. writes];
            }
        }
    }

    /// <summary>Waits (10 s at most, for a busy machine) until <paramref name="count"/> writes were made.</summary>
    public IReadOnlyList<(string Stream, string Text)> WaitForWrites(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Writes.Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        return Writes;
    }

    internal sealed class Recording(RecordingStreams owner, string name) : Stream
    {
        public ManualResetEventSlim Entered { get; } = new();

        /// <summary>When set, a write waits for it (after setting <see cref="Entered"/>).</summary>
        public ManualResetEventSlim? Hold { get; set; }

        public bool Fails { get; set; }

        public int Attempts { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Attempts++;
            Entered.Set();
            Hold?.Wait(TimeSpan.FromSeconds(30));
            if (Fails)
            {
                throw new IOException("Broken pipe");
            }

            lock (owner.gate)
            {
                owner.writes.Add((name, Encoding.UTF8.GetString(buffer, offset, count)));
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Entered.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
