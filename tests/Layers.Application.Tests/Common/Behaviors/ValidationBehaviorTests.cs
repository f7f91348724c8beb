using FluentValidation;
using FluentValidation.Results;

using Layers.Application.Common.Behaviors;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Input;
using Layers.Application.Common.Validation;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;

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

    private static PatchInfluencerCommand Command() => new(TestInfluencers.Id);

    private static IValidator<PatchInfluencerCommand> ValidatorFailingWith(params ValidationFailure[] failures)
    {
        var validator = Substitute.For<IValidator<PatchInfluencerCommand>>();
        validator.Validate(Arg.Any<PatchInfluencerCommand>()).Returns(new ValidationResult(failures));
        return validator;
    }

    private Task<InfluencerResponse> HandleAsync(PatchInfluencerCommand command, params IValidator<PatchInfluencerCommand>[] validators) =>
        HandleAsync(new ValidationBehavior<PatchInfluencerCommand, InfluencerResponse>(validators), command);

    private Task<InfluencerResponse> HandleAsync(ValidationBehavior<PatchInfluencerCommand, InfluencerResponse> behavior, PatchInfluencerCommand command) =>
        behavior.Handle(command, TestContext.Current.CancellationToken, Next);

    [Fact]
    public async Task Input_errors_of_the_caller_come_first_and_are_reported_with_every_validators_findings()
    {
        var validator = ValidatorFailingWith(
            new ValidationFailure("gender", "Gender cannot be cleared."),
            new ValidationFailure("", "At least one field is required.") { ErrorCode = InputRules.FormErrorCode });
        var command = Command() with
        {
            InputErrors = InputErrors.Of(["Duplicate field 'name'."], [new("name", "Expected string, received number"), new("x", "Unrecognized field.")]),
        };

        var exception = await Assert.ThrowsAsync<RequestValidationException>(() => HandleAsync(command, validator));

        Assert.Equal(["Duplicate field 'name'.", "At least one field is required."], exception.FormErrors);
        Assert.Equal(["Expected string, received number"], exception.FieldErrors["name"]);
        Assert.Equal(["Unrecognized field."], exception.FieldErrors["x"]);
        Assert.Equal(["Gender cannot be cleared."], exception.FieldErrors["gender"]);
        validator.Received(1).Validate(command);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task Failures_of_every_validator_are_grouped_into_form_and_field_errors()
    {
        var first = ValidatorFailingWith(
            new ValidationFailure("", "Malformed JSON.") { ErrorCode = InputRules.FormErrorCode },
            new ValidationFailure("name", "Name must not be blank."),
            new ValidationFailure("gender", "Gender cannot be cleared."));
        var second = ValidatorFailingWith(
            new ValidationFailure("name", "Name must not be blank."),
            new ValidationFailure("name", "Another name problem."),
            new ValidationFailure("Name", "Unrecognized field."),
            new ValidationFailure("", "Duplicate field 'name'.") { ErrorCode = InputRules.FormErrorCode });

        var exception = await Assert.ThrowsAsync<RequestValidationException>(() =>
            HandleAsync(Command(), first, second));

        Assert.Equal(["Malformed JSON.", "Duplicate field 'name'."], exception.FormErrors);
        Assert.Equal(["Name", "gender", "name"], exception.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Name must not be blank.", "Another name problem."], exception.FieldErrors["name"]);
        Assert.Equal(["Gender cannot be cleared."], exception.FieldErrors["gender"]);
        Assert.Equal(["Unrecognized field."], exception.FieldErrors["Name"]);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_refused_body_is_called_an_invalid_body_and_refused_parameters_invalid_query_parameters()
    {
        var body = await Assert.ThrowsAsync<RequestValidationException>(() =>
            HandleAsync(Command() with { InputErrors = InputErrors.Of([], [new("x", "Unrecognized field.")]) }));
        var parameters = await Assert.ThrowsAsync<RequestValidationException>(() =>
            new ValidationBehavior<ListInfluencersQuery, InfluencerPage>([])
                .Handle(
                    new ListInfluencersQuery(null) { InputErrors = InputErrors.Of([], [new("x", "Unrecognized parameter.")]) },
                    TestContext.Current.CancellationToken,
                    () => Task.FromResult(new InfluencerPage([], null))));

        Assert.Equal(("Invalid body.", "Invalid query parameters."), (body.Message, parameters.Message));
        Assert.Equal(["Unrecognized parameter."], parameters.FieldErrors["x"]);
    }

    [Fact]
    public async Task A_real_validator_failure_stops_the_request()
    {
        var exception = await Assert.ThrowsAsync<RequestValidationException>(() =>
            HandleAsync(Command() with { Gender = (Gender?)null }, new PatchInfluencerCommandValidator()));

        Assert.Empty(exception.FormErrors);
        Assert.Equal(["Gender cannot be cleared."], exception.FieldErrors["gender"]);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_valid_request_goes_on_to_the_handler()
    {
        var result = await HandleAsync(Command() with { Name = InfluencerName.Create("Mia") }, new PatchInfluencerCommandValidator(), ValidatorFailingWith());

        Assert.Same(Response, result);
        Assert.Equal(1, nextCalls);
    }

    [Fact]
    public async Task A_request_without_validators_goes_on_to_the_handler()
    {
        var result = await HandleAsync(Command());

        Assert.Same(Response, result);
        Assert.Equal(1, nextCalls);
    }

    [Fact]
    public async Task A_validator_with_asynchronous_rules_is_validated_asynchronously_each_time()
    {
        var validator = new AsyncRuleValidator();
        var behavior = new ValidationBehavior<PatchInfluencerCommand, InfluencerResponse>([validator]);

        var first = await Assert.ThrowsAsync<RequestValidationException>(() => HandleAsync(behavior, Command()));
        var second = await Assert.ThrowsAsync<RequestValidationException>(() => HandleAsync(behavior, Command()));

        Assert.Equal(["Project not found."], first.FieldErrors["projectId"]);
        Assert.Equal(["Project not found."], second.FieldErrors["projectId"]);
        Assert.Equal((2, 0), (validator.Runs, nextCalls));
    }

    /// <summary>A rule that only runs asynchronously (as a database check would), counting its runs.</summary>
    private sealed class AsyncRuleValidator : AbstractValidator<PatchInfluencerCommand>
    {
        private int runs;

        public AsyncRuleValidator() =>
            RuleFor(command => command)
                .MustAsync(async (_, cancellationToken) =>
                {
                    Interlocked.Increment(ref runs);
                    await Task.Yield();
                    return false;
                })
                .OverridePropertyName("projectId")
                .WithMessage("Project not found.");

        public int Runs => Volatile.Read(ref runs);
    }
}
