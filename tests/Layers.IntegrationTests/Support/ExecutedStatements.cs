using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Layers.IntegrationTests.Support;

/// <summary>
/// The distinct statements that the application's own code (the Layers.Infrastructure assembly)
/// sent to PostgreSQL in this test process, heard on the driver's activity source from the
/// moment the assembly fixture starts: whatever the tests made the application run, statements
/// built at run time included. Statements the tests send themselves (to read or break rows) are
/// told apart by their call stack, whose innermost frame of this project's code is then a test's.
/// </summary>
public static class ExecutedStatements
{
    private const string SourceName = "Npgsql";
    private const string FromApplication = "layers.test.from_application";
    private static readonly Assembly Application = typeof(Layers.Infrastructure.DependencyInjection).Assembly;
    private static readonly ConcurrentDictionary<string, byte> Texts = new(StringComparer.Ordinal);
    private static readonly ActivityListener Listener = new()
    {
        ShouldListenTo = source => source.Name == SourceName,

        // The driver sets the statement's text only on activities that record all data.
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,

        // The driver starts the activity synchronously inside the repository's call, so the stack
        // still shows who called; the text is set after the start, and read when it stops.
        ActivityStarted = activity =>
        {
            if (CalledByApplication())
            {
                activity.SetCustomProperty(FromApplication, true);
            }
        },
        ActivityStopped = activity =>
        {
            if (activity.GetCustomProperty(FromApplication) is true
                && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string text)
            {
                Texts.TryAdd(text, 0);
            }
        },
    };

    private static int started;

    public static IReadOnlyCollection<string> All => [.. Texts.Keys];

    public static void Start()
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            ActivitySource.AddActivityListener(Listener);
        }
    }

    // The innermost frame of this project's code decides, past the driver's, Dapper's, DbUp's and
    // the runtime's: further down, a stack can hold anyone's frames, since an awaited task's
    // completer runs the awaiting code inline (a test's continuation beneath a host's call).
    private static bool CalledByApplication() =>
        new StackTrace(fNeedFileInfo: false).GetFrames()
            .Select(frame => frame.GetMethod()?.DeclaringType)
            .Where(type => type is not null && type != typeof(ExecutedStatements) && type.DeclaringType != typeof(ExecutedStatements))
            .Select(type => type!.Assembly)
            .FirstOrDefault(assembly => assembly.GetName().Name?.StartsWith("Layers.", StringComparison.Ordinal) == true) == Application;
}
