namespace Layers.Api.Binding;

/// <summary>
/// A request body as read off the wire, before its values are judged: the problems with its shape
/// (form errors) and its top-level properties in the order sent.
/// </summary>
public sealed class JsonObjectBody
{
    /// <summary>Bodies larger than this are refused with 413.</summary>
    public const int MaxBytes = 16 * 1024;

    private JsonObjectBody(IReadOnlyList<string> formErrors, IReadOnlyList<KeyValuePair<string, BodyValue>> properties)
    {
        FormErrors = formErrors;
        Properties = properties;
    }

    public IReadOnlyList<string> FormErrors { get; }

    public IReadOnlyList<KeyValuePair<string, BodyValue>> Properties { get; }

    public static JsonObjectBody Invalid(string formError) => new([formError], []);

    public static JsonObjectBody Of(IReadOnlyList<KeyValuePair<string, BodyValue>> properties, IReadOnlyList<string> formErrors) =>
        new(formErrors, properties);

    /// <summary>The value sent for <paramref name="name"/> (case-sensitive), or null when absent.</summary>
    public BodyValue? Find(string name)
    {
        // Indexed, not foreach: enumerating the interface would box an enumerator on every lookup.
        for (var i = 0; i < Properties.Count; i++)
        {
            if (string.Equals(Properties[i].Key, name, StringComparison.Ordinal))
            {
                return Properties[i].Value;
            }
        }

        return null;
    }
}
