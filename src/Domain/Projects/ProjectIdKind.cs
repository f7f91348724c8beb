using Layers.Domain.Common;

namespace Layers.Domain.Projects;

/// <summary>Makes a <see cref="PrefixedId{TKind}"/> a project id, <c>prj_&lt;uuid&gt;</c>, known as ProjectId.</summary>
public sealed class ProjectIdKind : IIdKind
{
    private ProjectIdKind()
    {
    }

    public static string Prefix => "prj_";

    public static string Name => "A project id";

    public static string Invalid => "Invalid project id. Expected 'prj_<uuid>'.";
}
