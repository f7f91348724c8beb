namespace Layers.Application.Common.Idempotency;

/// <summary>How a command's result is written as the outcome an <see cref="IIdempotencyStore"/> records, and read back.</summary>
public interface IIdempotentResultFormat
{
    string Write<TResult>(TResult result);

    /// <summary>The result recorded; a <see cref="Exceptions.StoredDataException"/> when the text is no result of this type.</summary>
    TResult Read<TResult>(string outcome);
}
