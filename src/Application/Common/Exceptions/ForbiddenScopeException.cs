namespace Layers.Application.Common.Exceptions;

/// <summary>The caller's key lacks the scope the request requires.</summary>
public sealed class ForbiddenScopeException : Exception
{
    public ForbiddenScopeException()
        : this("This API key lacks the required scope.")
    {
    }

    public ForbiddenScopeException(string message)
        : base(message)
    {
    }

    public ForbiddenScopeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static ForbiddenScopeException Missing(string scope) => new($"This API key lacks the '{scope}' scope.");
}
