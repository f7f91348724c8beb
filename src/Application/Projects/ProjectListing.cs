namespace Layers.Application.Projects;

/// <summary>
/// A project as listed: its name as stored, not re-checked against the display-name rule, so that
/// a row written before the rule (or by hand) still lists; whoever prints it escapes it.
/// </summary>
public sealed record ProjectListing(ProjectId Id, string Name, DateTimeOffset CreatedAt);
