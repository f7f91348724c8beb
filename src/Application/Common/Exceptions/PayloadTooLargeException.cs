namespace Layers.Application.Common.Exceptions;

public sealed class PayloadTooLargeException : Exception
{
    public PayloadTooLargeException()
        : this($"The request body exceeds {Bodies.JsonObjectBody.MaxBytes} bytes.")
    {
    }

    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    public PayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
