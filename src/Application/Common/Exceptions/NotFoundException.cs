namespace Layers.Application.Common.Exceptions;

/// <summary>The resource does not exist for this caller (absent, deleted, or another org's).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : this("Not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static NotFoundException Influencer() => new("Influencer not found.");
}
