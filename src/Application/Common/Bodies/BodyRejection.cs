namespace Layers.Application.Common.Bodies;

/// <summary>Why a request body could not even be read as JSON.</summary>
public enum BodyRejection
{
    None = 0,
    TooLarge,
    UnsupportedMediaType,
}
