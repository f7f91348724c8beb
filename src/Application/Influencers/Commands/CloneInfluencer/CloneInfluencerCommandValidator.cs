using FluentValidation;
using Layers.Application.Common.Validation;

namespace Layers.Application.Influencers.Commands.CloneInfluencer;

public sealed class CloneInfluencerCommandValidator : AbstractValidator<CloneInfluencerCommand>
{
    public CloneInfluencerCommandValidator()
    {
        RuleFor(command => command.Language).Required(InfluencerFields.Language);
    }
}
