using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

using Layers.Application.ApiKeys;

namespace Layers.Application.Tests.ApiKeys;

public partial class ApiKeyTokenTests
{
    private const string KeyId = "abcdefghijklmnop";
    private const string Secret = "qrstuvwxyz234567abcdefghijklmnop";

    [GeneratedRegex("^lyr_[a-z2-7]{16}_[a-z2-7]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShape();

    [Fact]
    public void A_generated_token_has_the_lyr_keyid_secret_shape()
    {
        var (token, keyId, secretHash) = ApiKeyToken.Generate();

        Assert.Matches(TokenShape(), token);
        Assert.Equal(token.Substring(4, 16), keyId);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token[21..])), secretHash);
    }

    [Fact]
    public void A_generated_secret_carries_at_least_128_bits()
    {
        var secrets = Enumerable.Range(0, 2000).Select(_ => ApiKeyToken.Generate().Token[21..]).ToList();

        // Every one of 32 symbols turns up, so each uniformly drawn character carries 5 bits.
        var symbols = secrets.SelectMany(secret => secret).Distinct().Count();
        Assert.Equal(32, symbols);
        Assert.True(ApiKeyToken.SecretLength * Math.Log2(symbols) >= 128);
        Assert.Equal(secrets.Count, secrets.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_generated_token_round_trips_through_TryParse()
    {
        var (token, keyId, secretHash) = ApiKeyToken.Generate();

        Assert.True(ApiKeyToken.TryParse(token, out var parsedKeyId, out var secret));
        Assert.Equal(keyId, parsedKeyId);
        Assert.Equal(secretHash, ApiKeyToken.HashSecret(secret));
    }

    [Fact]
    public void TryParse_splits_a_well_formed_token()
    {
        Assert.True(ApiKeyToken.TryParse($"lyr_{KeyId}_{Secret}", out var keyId, out var secret));
        Assert.Equal(KeyId, keyId);
        Assert.Equal(Secret, secret.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("LYR_" + KeyId + "_" + Secret)]
    [InlineData("key_" + KeyId + "_" + Secret)]
    [InlineData("lyr_" + KeyId + Secret + "a")]
    [InlineData("lyr_" + KeyId + "-" + Secret)]
    [InlineData("lyr_" + KeyId + "_" + Secret + "a")]
    [InlineData("lyr_" + KeyId + "_" + "qrstuvwxyz234567abcdefghijklmno")]
    [InlineData("lyr_abcdefghijklmno_a" + Secret)]
    [InlineData("lyr_ABCDEFGHIJKLMNOP_" + Secret)]
    [InlineData("lyr_" + KeyId + "_qrstuvwxyz234567abcdefghijklmno1")]
    [InlineData("lyr_" + KeyId + "_qrstuvwxyz234567abcdefghijklmno8")]
    [InlineData("lyr_" + KeyId + "_qrstuvwxyz234567abcdefghijklmno_")]
    [InlineData(" lyr_" + KeyId + "_" + Secret)]
    public void TryParse_rejects_anything_else(string token)
    {
        Assert.False(ApiKeyToken.TryParse(token, out var keyId, out _));
        Assert.Null(keyId);
    }
}
