namespace Layers.Infrastructure.Persistence;

/// <summary>Npgsql reads <c>timestamptz</c> as a UTC <see cref="DateTime"/>; the model speaks <see cref="DateTimeOffset"/>.</summary>
internal static class DbTime
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
