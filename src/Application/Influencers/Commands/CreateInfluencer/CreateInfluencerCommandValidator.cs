using FluentValidation;
using Layers.Application.Common.Security;
using Layers.Application.Common.Validation;
using Layers.Application.Projects;
using Layers.Domain.Projects;

namespace Layers.Application.Influencers.Commands.CreateInfluencer;

public sealed class CreateInfluencerCommandValidator : AbstractValidator<CreateInfluencerCommand>
{
    public const string ProjectNotFound = "Project not found.";

    public CreateInfluencerCommandValidator(IProjectRepository projects, ICurrentCaller caller)
    {
        this.StrictObject(requireAtLeastOneField: false);
        // Another org's project answers exactly like a missing one.
        RuleFor(command => command.ProjectId)
            .Present()
            .Satisfies(InfluencerFieldRules.ProjectId)
            .MustAsync(async (command, value, cancellationToken) =>
                !ProjectId.TryParse(value?.Text, out var id)
                || await projects.ExistsAsync(caller.Require().OrgId, id.Value, cancellationToken).ConfigureAwait(false))
            .WithMessage(ProjectNotFound)
            .OverridePropertyName(InfluencerFields.ProjectId);
        RuleFor(command => command.Name).Present().Satisfies(InfluencerFieldRules.Name).OverridePropertyName(InfluencerFields.Name);
        RuleFor(command => command.Gender).Present().Satisfies(InfluencerFieldRules.NewGender).OverridePropertyName(InfluencerFields.Gender);
        RuleFor(command => command.AgeRange).Satisfies(InfluencerFieldRules.AgeRange).OverridePropertyName(InfluencerFields.AgeRange);
        RuleFor(command => command.BrandVoice).Satisfies(InfluencerFieldRules.BrandVoice).OverridePropertyName(InfluencerFields.BrandVoice);
        RuleFor(command => command.Language).Satisfies(InfluencerFieldRules.Language).OverridePropertyName(InfluencerFields.Language);
    }
}
