using Layers.Application.Common.Input;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;

namespace Layers.Application.Tests.Influencers.Commands.PatchInfluencer;

public class PatchInfluencerCommandValidatorTests
{
    private static readonly PatchInfluencerCommand Nothing = new(TestInfluencers.Id);

    private static async Task<List<(string Field, string Message)>> ErrorsAsync(PatchInfluencerCommand command)
    {
        var result = await new PatchInfluencerCommandValidator().ValidateAsync(command, TestContext.Current.CancellationToken);
        return [.. result.Errors.Select(error => (error.PropertyName, error.ErrorMessage))];
    }

    [Fact]
    public async Task A_command_that_changes_every_field_is_accepted()
    {
        var command = Nothing with
        {
            Name = InfluencerName.Create("Ava Chen"),
            Gender = Gender.NonBinary,
            AgeRange = AgeRange.MidAdult,
            BrandVoice = BrandVoice.Casual,
            Language = LanguageTag.Create("zh-Hans-CN"),
        };

        Assert.Empty(await ErrorsAsync(command));
    }

    [Fact]
    public async Task A_command_that_changes_nothing_needs_at_least_one_field()
    {
        Assert.Equal([("", "At least one field is required.")], await ErrorsAsync(Nothing));
    }

    [Fact]
    public async Task A_command_whose_input_had_problems_is_not_also_told_to_change_something()
    {
        var command = Nothing with { InputErrors = InputErrors.Of([], [new("nickname", "Unrecognized field.")]) };

        Assert.Empty(await ErrorsAsync(command));
    }

    [Fact]
    public async Task Patch_with_null_gender_is_rejected()
    {
        Assert.Equal([("gender", "Gender cannot be cleared.")], await ErrorsAsync(Nothing with { Gender = (Gender?)null }));
    }

    [Fact]
    public async Task Patch_with_null_age_range_is_accepted()
    {
        Assert.Empty(await ErrorsAsync(Nothing with { AgeRange = (AgeRange?)null }));
    }
}
