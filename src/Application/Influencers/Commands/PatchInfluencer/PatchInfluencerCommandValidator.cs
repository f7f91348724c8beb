using FluentValidation;
using Layers.Application.Common.Validation;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

public sealed class PatchInfluencerCommandValidator : AbstractValidator<PatchInfluencerCommand>
{
    public PatchInfluencerCommandValidator()
    {
        this.StrictObject(requireAtLeastOneField: true);
        RuleFor(command => command.Name).Satisfies(InfluencerFieldRules.Name).OverridePropertyName(PatchInfluencerCommand.NameField);
        RuleFor(command => command.Gender).Satisfies(InfluencerFieldRules.Gender).OverridePropertyName(PatchInfluencerCommand.GenderField);
        RuleFor(command => command.AgeRange).Satisfies(InfluencerFieldRules.AgeRange).OverridePropertyName(PatchInfluencerCommand.AgeRangeField);
        RuleFor(command => command.BrandVoice).Satisfies(InfluencerFieldRules.BrandVoice).OverridePropertyName(PatchInfluencerCommand.BrandVoiceField);
        RuleFor(command => command.Language).Satisfies(InfluencerFieldRules.Language).OverridePropertyName(PatchInfluencerCommand.LanguageField);
    }
}
