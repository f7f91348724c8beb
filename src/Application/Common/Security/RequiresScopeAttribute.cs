namespace Layers.Application.Common.Security;

/// <summary>
/// The scope a caller's key must carry to send this command or query. Every request declares
/// one; the authorization behavior refuses requests that declare none.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}
