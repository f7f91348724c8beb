using FluentValidation;
using Layers.Application.Common.Security;
using Layers.Application.Common.Validation;
using Layers.Application.Projects;

namespace Layers.Application.Influencers.Commands.CreateInfluencer;

public sealed class CreateInfluencerCommandValidator : AbstractValidator<CreateInfluencerCommand>
{
    public const string ProjectNotFound = "Project not found.";

    public CreateInfluencerCommandValidator(IProjectRepository projects, ICurrentCaller caller)
    {
        // Another org's project answers exactly like a missing one.
        RuleFor(command => command.ProjectId)
            .Required(InfluencerFields.ProjectId)
            .MustAsync(async (projectId, cancellationToken) =>
                projectId is not { } id || await projects.ExistsAsync(caller.Require().OrgId, id, cancellationToken).ConfigureAwait(false))
            .WithMessage(ProjectNotFound)
            .OverridePropertyName(InfluencerFields.ProjectId);
        RuleFor(command => command.Name).Required(InfluencerFields.Name);
        RuleFor(command => command.Gender).Required(InfluencerFields.Gender);
    }
}
