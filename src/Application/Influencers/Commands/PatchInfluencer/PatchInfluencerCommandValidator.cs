using FluentValidation;
using Layers.Application.Common.Validation;
using Layers.Domain.Influencers;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

public sealed class PatchInfluencerCommandValidator : AbstractValidator<PatchInfluencerCommand>
{
    public const string AtLeastOneField = "At least one field is required.";

    public PatchInfluencerCommandValidator()
    {
        // A caller whose input had problems has been told of them; "nothing to change" would only add noise.
        RuleFor(command => command)
            .Custom((command, context) =>
            {
                if (!command.ChangesAnything && command.InputErrors.IsEmpty)
                {
                    context.AddFailure(InputRules.FormError(AtLeastOneField));
                }
            });
        // The aggregate's own rule, checked here too so that a clear is reported with the body's other problems.
        RuleFor(command => command.Gender)
            .Must(gender => !gender.IsGiven || Influencer.IsGender(gender.Value))
            .WithMessage(Influencer.GenderCannotBeCleared)
            .OverridePropertyName(InfluencerFields.Gender);
    }
}
