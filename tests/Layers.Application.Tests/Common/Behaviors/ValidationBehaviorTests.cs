using FluentValidation;
using FluentValidation.Results;

using Layers.Application.Common.Behaviors;
using Layers.Application.Common.Bodies;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Validation;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Tests.Support;

using MediatR;

using NSubstitute;

namespace Layers.Application.Tests.Common.Behaviors;

public class ValidationBehaviorTests
{
    private static readonly InfluencerResponse Response = new()
    {
        InfluencerId = TestInfluencers.IdText,
        ProjectId = TestInfluencers.ProjectIdText,
        Name = "Ava Chen",
        Gender = "female",
        AgeRange = null,
        BrandVoice = "authentic",
        Language = "en",
        Status = "ready",
        CreatedAt = "2026-04-01T14:22:10Z",
        UpdatedAt = "2026-04-01T14:22:10Z",
    };

    private int nextCalls;

    private Task<InfluencerResponse> Next()
    {
        nextCalls++;
        return Task.FromResult(Response);
    }

    private static PatchInfluencerCommand Command(JsonObjectBody body) => new(TestInfluencers.IdText, body);

    private static IValidator<PatchInfluencerCommand> ValidatorFailingWith(params ValidationFailure[] failures)
    {
        var validator = Substitute.For<IValidator<PatchInfluencerCommand>>();
        validator.ValidateAsync(Arg.Any<PatchInfluencerCommand>(), Arg.Any<CancellationToken>()).Returns(new ValidationResult(failures));
        return validator;
    }

    private Task<InfluencerResponse> HandleAsync(PatchInfluencerCommand command, params IValidator<PatchInfluencerCommand>[] validators) =>
        new ValidationBehavior<PatchInfluencerCommand, InfluencerResponse>(validators)
            .Handle(command, TestContext.Current.CancellationToken, Next);

    [Fact]
    public async Task A_body_too_large_is_refused_before_any_validator_runs()
    {
        var validator = ValidatorFailingWith(new ValidationFailure("name", "Required"));

        await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            HandleAsync(Command(JsonObjectBody.Rejected(BodyRejection.TooLarge)), validator));

        Assert.Empty(validator.ReceivedCalls());
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_body_of_an_unsupported_media_type_is_refused_before_any_validator_runs()
    {
        var validator = ValidatorFailingWith(new ValidationFailure("name", "Required"));

        await Assert.ThrowsAsync<UnsupportedMediaTypeException>(() =>
            HandleAsync(Command(JsonObjectBody.Rejected(BodyRejection.UnsupportedMediaType)), validator));

        Assert.Empty(validator.ReceivedCalls());
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task Failures_of_every_validator_are_grouped_into_form_and_field_errors()
    {
        var first = ValidatorFailingWith(
            new ValidationFailure("", "Malformed JSON.") { ErrorCode = BodyRules.FormErrorCode },
            new ValidationFailure("name", "Name must not be blank."),
            new ValidationFailure("gender", "Gender cannot be cleared."));
        var second = ValidatorFailingWith(
            new ValidationFailure("name", "Name must not be blank."),
            new ValidationFailure("name", "Another name problem."),
            new ValidationFailure("Name", "Unrecognized field."),
            new ValidationFailure("", "Duplicate field 'name'.") { ErrorCode = BodyRules.FormErrorCode });

        var exception = await Assert.ThrowsAsync<RequestValidationException>(() =>
            HandleAsync(Command(Bodies.Of(("name", Bodies.Text(" ")))), first, second));

        Assert.Equal(["Malformed JSON.", "Duplicate field 'name'."], exception.FormErrors);
        Assert.Equal(["Name", "gender", "name"], exception.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Name must not be blank.", "Another name problem."], exception.FieldErrors["name"]);
        Assert.Equal(["Gender cannot be cleared."], exception.FieldErrors["gender"]);
        Assert.Equal(["Unrecognized field."], exception.FieldErrors["Name"]);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_real_validator_failure_stops_the_request()
    {
        var exception = await Assert.ThrowsAsync<RequestValidationException>(() =>
            HandleAsync(Command(Bodies.Of(("gender", BodyValue.Null))), new PatchInfluencerCommandValidator()));

        Assert.Empty(exception.FormErrors);
        Assert.Equal(["Gender cannot be cleared."], exception.FieldErrors["gender"]);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_valid_request_goes_on_to_the_handler()
    {
        var result = await HandleAsync(Command(Bodies.Of(("name", Bodies.Text("Mia")))), new PatchInfluencerCommandValidator(), ValidatorFailingWith());

        Assert.Same(Response, result);
        Assert.Equal(1, nextCalls);
    }

    [Fact]
    public async Task A_request_without_validators_goes_on_to_the_handler()
    {
        var result = await HandleAsync(Command(Bodies.Of()));

        Assert.Same(Response, result);
        Assert.Equal(1, nextCalls);
    }
}
