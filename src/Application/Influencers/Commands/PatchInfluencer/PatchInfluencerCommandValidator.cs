using FluentValidation;
using Layers.Application.Common.Validation;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

public sealed class PatchInfluencerCommandValidator : AbstractValidator<PatchInfluencerCommand>
{
    public PatchInfluencerCommandValidator()
    {
        this.StrictObject(requireAtLeastOneField: true);
        RuleFor(command => command.Name).Satisfies(InfluencerFieldRules.Name).OverridePropertyName(InfluencerFields.Name);
        RuleFor(command => command.Gender).Satisfies(InfluencerFieldRules.Gender).OverridePropertyName(InfluencerFields.Gender);
        RuleFor(command => command.AgeRange).Satisfies(InfluencerFieldRules.AgeRange).OverridePropertyName(InfluencerFields.AgeRange);
        RuleFor(command => command.BrandVoice).Satisfies(InfluencerFieldRules.BrandVoice).OverridePropertyName(InfluencerFields.BrandVoice);
        RuleFor(command => command.Language).Satisfies(InfluencerFieldRules.Language).OverridePropertyName(InfluencerFields.Language);
    }
}
