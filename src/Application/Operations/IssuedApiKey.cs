namespace Layers.Application.Operations;

/// <summary>A new key; <see cref="Token"/> is the only copy of the secret that will ever exist.</summary>
public sealed record IssuedApiKey(string KeyId, string Token, IReadOnlyList<string> Scopes);
