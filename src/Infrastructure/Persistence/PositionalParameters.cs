using System.Data;
using Dapper;
using Npgsql;

namespace Layers.Infrastructure.Persistence;

/// <summary>
/// Parameters bound by position (<c>$1</c>, <c>$2</c>, ...) and typed, for the statements every
/// PATCH runs. With named parameters the driver parses the statement's text on each execution to
/// rewrite <c>@Name</c> as <c>$n</c>, and Dapper adds each value boxed, its type looked up; the
/// profile of the PATCH benchmark showed that parse as the largest single cost in the driver.
/// Positional parameters are sent as they are.
/// </summary>
internal sealed class PositionalParameters(int capacity) : SqlMapper.IDynamicParameters
{
    private readonly List<NpgsqlParameter> parameters = new(capacity);

    /// <summary>Binds the next position; <see langword="null"/> is sent as SQL NULL of <typeparamref name="T"/>'s type.</summary>
    public PositionalParameters Add<T>(T value)
    {
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return this;
    }

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
    }
}
