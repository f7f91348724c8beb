using System.Text.Json;

using Layers.Application.Common.Bodies;

namespace Layers.Application.Tests.Support;

/// <summary>JSON bodies as the API's body reader would hand them over.</summary>
public static class Bodies
{
    public static JsonObjectBody Of(params (string Name, BodyValue Value)[] properties) =>
        JsonObjectBody.Of([.. properties.Select(property => KeyValuePair.Create(property.Name, property.Value))], []);

    public static BodyValue Text(string text) => BodyValue.FromString(text);

    /// <summary>A value of the given JSON kind; strings are built with <see cref="Text"/>.</summary>
    public static BodyValue OfKind(JsonValueKind kind) => new(kind, null);
}
