using System.Reflection;

using FluentValidation;

using Layers.Application.Common.Security;

using MediatR;

namespace Layers.ArchitectureTests;

public class RequestConventionTests
{
    private static readonly Type[] ApplicationTypes =
        [.. typeof(Application.DependencyInjection).Assembly.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false })];

    private static readonly Type[] Requests = [.. ApplicationTypes.Where(IsRequest)];

    [Fact]
    public void The_known_requests_are_found()
    {
        // Guards the other tests here against passing on an empty set.
        Assert.Equal(
            ["CloneInfluencerCommand", "CreateInfluencerCommand", "DeleteInfluencerCommand", "GetInfluencerQuery", "ListInfluencersQuery", "PatchInfluencerCommand"],
            Requests.Select(type => type.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_request_declares_the_scope_it_requires()
    {
        var undeclared = Requests.Where(type => type.GetCustomAttribute<RequiresScopeAttribute>(inherit: false) is null).ToList();

        Assert.Empty(undeclared);
    }

    [Fact]
    public void Every_declared_scope_is_a_known_scope()
    {
        var unknown = Requests
            .Select(type => type.GetCustomAttribute<RequiresScopeAttribute>(inherit: false)?.Scope)
            .OfType<string>()
            .Where(scope => !Scopes.IsKnown(scope))
            .ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_request_has_exactly_one_handler_in_its_own_feature_folder()
    {
        var handlers = ApplicationTypes
            .SelectMany(type => type.GetInterfaces()
                .Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IRequestHandler<,>))
                .Select(contract => (Handler: type, Request: contract.GetGenericArguments()[0])))
            .ToList();

        Assert.All(Requests, request => Assert.Single(handlers, pair => pair.Request == request));
        Assert.All(handlers, pair => Assert.Equal(pair.Request.Namespace, pair.Handler.Namespace));
    }

    [Fact]
    public void Every_validator_lives_in_the_feature_folder_of_its_request()
    {
        var validators = ApplicationTypes
            .Select(type => (Validator: type, Validated: ValidatedType(type)))
            .Where(pair => pair.Validated is not null)
            .ToList();

        Assert.NotEmpty(validators);
        Assert.All(validators, pair => Assert.Equal(pair.Validated!.Namespace, pair.Validator.Namespace));
    }

    private static bool IsRequest(Type type) =>
        type.GetInterfaces().Any(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IRequest<>));

    private static Type? ValidatedType(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            {
                return current.GetGenericArguments()[0];
            }
        }

        return null;
    }
}
