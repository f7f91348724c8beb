using FluentValidation;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Behaviors;
using Layers.Application.Influencers;
using Layers.Application.Operations;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.Application;

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5 has no DI package: the mediator, its service factory, every request handler of
    /// this assembly and the pipeline behaviors (outermost first) are registered here. The
    /// mediator, handlers and behaviors are scoped, as the repositories they use are: they share
    /// the scope's unit of work (<see cref="Common.Persistence.IUnitOfWork"/>). Validators are
    /// costly to construct: those that need nothing are singletons.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(DependencyInjection).Assembly;

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        foreach (var type in assembly.GetTypes().Where(type => type is { IsAbstract: false, IsClass: true }))
        {
            foreach (var handler in type.GetInterfaces().Where(IsRequestHandler))
            {
                services.AddScoped(handler, type);
            }
        }

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));

        // A validator that reads the database uses the scope's repositories, so it is scoped too.
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, result => !HasDependencies(result.ValidatorType), includeInternalTypes: true);
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Scoped, result => HasDependencies(result.ValidatorType), includeInternalTypes: true);
        services.AddAutoMapper(configuration => configuration.AddProfile<InfluencerMappingProfile>());
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ApiKeyAuthenticator>();
        services.AddScoped<OperatorService>();
        return services;
    }

    private static bool HasDependencies(Type type) =>
        type.GetConstructors().Any(constructor => constructor.GetParameters().Length > 0);

    private static bool IsRequestHandler(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IRequestHandler<,>);
}
