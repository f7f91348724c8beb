namespace Layers.Application.Influencers.Queries.ListInfluencers;

/// <summary>The names of a listing's parameters, as callers send them and as its errors are keyed.</summary>
public static class ListInfluencersParameters
{
    public const string ProjectId = "projectId";
    public const string Limit = "limit";
    public const string Cursor = "cursor";
}
