using Layers.Application.Common.Input;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Projects;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Commands.CreateInfluencer;

public class CreateInfluencerCommandValidatorTests
{
    private static readonly CreateInfluencerCommand Complete = new(TestInfluencers.Project, InfluencerName.Create("Ava Chen"), Gender.Female);

    private readonly IProjectRepository projects = Substitute.For<IProjectRepository>();

    public CreateInfluencerCommandValidatorTests()
    {
        projects.ExistsAsync(Callers.Org, TestInfluencers.Project, Arg.Any<CancellationToken>()).Returns(true);
    }

    private async Task<List<(string Field, string Message)>> ErrorsAsync(CreateInfluencerCommand command)
    {
        var result = await new CreateInfluencerCommandValidator(projects, Callers.Writer()).ValidateAsync(command, TestContext.Current.CancellationToken);
        return [.. result.Errors.Select(error => (error.PropertyName, error.ErrorMessage))];
    }

    [Fact]
    public async Task A_complete_command_in_the_callers_project_is_accepted()
    {
        Assert.Empty(await ErrorsAsync(Complete with { AgeRange = AgeRange.Adult, BrandVoice = BrandVoice.Witty, Language = LanguageTag.Create("es-MX") }));
    }

    [Fact]
    public async Task Create_without_project_name_and_gender_reports_each_as_required()
    {
        Assert.Equal(
            [("projectId", "Required"), ("name", "Required"), ("gender", "Required")],
            await ErrorsAsync(new CreateInfluencerCommand(null, null, null)));
        Assert.Empty(projects.ReceivedCalls());
    }

    [Fact]
    public async Task A_field_whose_input_was_already_reported_is_not_also_required()
    {
        var command = Complete with { Name = null, InputErrors = InputErrors.Of([], [new("name", "Expected string, received number")]) };

        Assert.Empty(await ErrorsAsync(command));
    }

    [Fact]
    public async Task Create_in_a_project_outside_the_callers_org_reports_project_not_found()
    {
        projects.ExistsAsync(Arg.Any<OrgId>(), Arg.Any<ProjectId>(), Arg.Any<CancellationToken>()).Returns(false);

        Assert.Equal([("projectId", "Project not found.")], await ErrorsAsync(Complete));
        await projects.Received(1).ExistsAsync(Callers.Org, TestInfluencers.Project, Arg.Any<CancellationToken>());
    }
}
