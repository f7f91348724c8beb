using Layers.Application.Common.Input;
using Layers.Application.Influencers.Commands.CloneInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;

namespace Layers.Application.Tests.Influencers.Commands.CloneInfluencer;

public class CloneInfluencerCommandValidatorTests
{
    private static List<(string Field, string Message)> Errors(CloneInfluencerCommand command) =>
        [.. new CloneInfluencerCommandValidator().Validate(command).Errors.Select(error => (error.PropertyName, error.ErrorMessage))];

    [Fact]
    public void A_clone_with_a_language_is_accepted_with_or_without_a_name()
    {
        var command = new CloneInfluencerCommand(TestInfluencers.Id) { Language = LanguageTag.Create("es-MX") };

        Assert.Empty(Errors(command));
        Assert.Empty(Errors(command with { Name = InfluencerName.Create("Ava MX") }));
    }

    [Fact]
    public void A_clone_without_a_language_reports_it_required()
    {
        Assert.Equal([("language", "Required")], Errors(new CloneInfluencerCommand(TestInfluencers.Id) { Name = InfluencerName.Create("Ava MX") }));
    }

    [Fact]
    public void A_language_whose_input_was_already_reported_is_not_also_required()
    {
        var command = new CloneInfluencerCommand(TestInfluencers.Id)
        {
            InputErrors = InputErrors.Of([], [new("language", "Expected string, received null")]),
        };

        Assert.Empty(Errors(command));
    }
}
