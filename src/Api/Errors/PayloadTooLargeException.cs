namespace Layers.Api.Errors;

public sealed class PayloadTooLargeException : Exception
{
    public PayloadTooLargeException()
        : this($"The request body exceeds {Binding.JsonObjectBody.MaxBytes} bytes.")
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
