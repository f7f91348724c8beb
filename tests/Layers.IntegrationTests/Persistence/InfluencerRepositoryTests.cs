using Dapper;
using Layers.Application.Influencers;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Persistence;

/// <summary>
/// The repository's UPDATE has one text per combination of changed columns: each is run here
/// against PostgreSQL, with and without a version precondition.
/// </summary>
public sealed class InfluencerRepositoryTests(LayersFixture fixture)
{
    private const InfluencerChanges AllChanges = (InfluencerChanges)((1 << 6) - 1);

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private IInfluencerRepository Influencers => fixture.Services.GetRequiredService<IInfluencerRepository>();

    public static TheoryData<int> Combinations() => [.. Enumerable.Range(1, (int)AllChanges)];

    /// <summary>
    /// Another writer changes every column between the load and the save: the save writes exactly
    /// the columns it changed, and every other column keeps the other writer's value.
    /// </summary>
    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task A_save_writes_exactly_its_changed_columns_and_keeps_a_concurrent_writers_others(int combination)
    {
        var changes = (InfluencerChanges)combination;
        var tenant = await Tenant.CreateAsync(fixture);
        var created = await tenant.CreateInfluencerAsync();
        var loaded = await Influencers.FindAsync(tenant.Org.Id, created.Id, CancellationToken.None);
        Assert.NotNull(loaded);
        await using (var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(
                """
                UPDATE influencers
                SET name = 'Other Writer', gender = 'male', age_range = 'senior', brand_voice = 'warm',
                    language = 'de', version = version + 1
                WHERE id = @Id
                """,
                new { Id = created.Id.Value });
        }

        Change(loaded, changes);
        var saved = await Influencers.SaveChangesAsync(loaded, expectedVersion: null, CancellationToken.None);

        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, created.Id.Value);
        var expected = new InfluencerRow(
            tenant.Org.Id.Value,
            created.Id.Value,
            tenant.Project.Id.Value,
            changes.HasFlag(InfluencerChanges.Name) ? "Mia Park" : "Other Writer",
            changes.HasFlag(InfluencerChanges.Gender) ? "non_binary" : "male",
            changes.HasFlag(InfluencerChanges.AgeRange) ? null : "senior",
            changes.HasFlag(InfluencerChanges.BrandVoice) ? "witty" : "warm",
            changes.HasFlag(InfluencerChanges.Language) ? "fr-CA" : "de",
            "ready",
            row.CreatedAt,
            Now.UtcDateTime,
            changes.HasFlag(InfluencerChanges.Deleted) ? Now.UtcDateTime : null,
            created.Version + 2);
        Assert.Equal(expected, row);
        Assert.NotNull(saved);
        Assert.Equal(
            (expected.Name, expected.AgeRange, expected.Language, expected.DeletedAt is not null, expected.Version),
            (saved.Name.Value, saved.AgeRange is null ? null : WireNames.Of(saved.AgeRange.Value), saved.Language.Value, saved.DeletedAt is not null, saved.Version));
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task A_save_with_a_precondition_writes_only_over_the_version_it_expects(int combination)
    {
        var changes = (InfluencerChanges)combination;
        var tenant = await Tenant.CreateAsync(fixture);
        var created = await tenant.CreateInfluencerAsync();

        var stale = await Influencers.FindAsync(tenant.Org.Id, created.Id, CancellationToken.None);
        Assert.NotNull(stale);
        Change(stale, changes);
        var refused = await Influencers.SaveChangesAsync(stale, expectedVersion: created.Version - 1, CancellationToken.None);
        Assert.Null(refused);
        Assert.Equal(created.Version, (await InfluencerRow.ReadExistingAsync(fixture.DataSource, created.Id.Value)).Version);

        var saved = await Influencers.SaveChangesAsync(stale, expectedVersion: created.Version, CancellationToken.None);
        Assert.NotNull(saved);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, created.Id.Value);
        Assert.Equal(
            (changes.HasFlag(InfluencerChanges.Name) ? "Mia Park" : "Ava Chen", changes.HasFlag(InfluencerChanges.Deleted), created.Version + 1),
            (row.Name, row.DeletedAt is not null, row.Version));
    }

    private static void Change(Influencer influencer, InfluencerChanges changes)
    {
        if (changes.HasFlag(InfluencerChanges.Name))
        {
            influencer.Rename(InfluencerName.Create("Mia Park"), Now);
        }

        if (changes.HasFlag(InfluencerChanges.Gender))
        {
            influencer.ChangeGender(Gender.NonBinary, Now);
        }

        if (changes.HasFlag(InfluencerChanges.AgeRange))
        {
            influencer.ClearAgeRange(Now);
        }

        if (changes.HasFlag(InfluencerChanges.BrandVoice))
        {
            influencer.ChangeBrandVoice(BrandVoice.Witty, Now);
        }

        if (changes.HasFlag(InfluencerChanges.Language))
        {
            influencer.ChangeLanguage(LanguageTag.Create("fr-CA"), Now);
        }

        if (changes.HasFlag(InfluencerChanges.Deleted))
        {
            influencer.Delete(Now);
        }

        Assert.Equal(changes, influencer.PendingChanges);
    }
}
