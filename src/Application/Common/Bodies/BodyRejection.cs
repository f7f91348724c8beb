namespace Layers.Application.Common.Bodies;

/// <summary>Why a request body could not even be read as JSON.</summary>
public enum BodyRejection
{
    None = 0,
    TooLarge,
    UnsupportedMediaType,

    /// <summary>A compressed (or otherwise encoded) body: bodies are not decoded.</summary>
    UnsupportedEncoding,
}
