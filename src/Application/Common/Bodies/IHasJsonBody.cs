namespace Layers.Application.Common.Bodies;

/// <summary>A command built from a JSON body, so the pipeline can refuse an unreadable one.</summary>
public interface IHasJsonBody
{
    JsonObjectBody Body { get; }

    /// <summary>The properties this command accepts; any other is reported as unrecognized.</summary>
    IReadOnlyCollection<string> KnownFields { get; }
}
