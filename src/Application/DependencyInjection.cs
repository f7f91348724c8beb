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
    /// mediator, handlers and behaviors are transient, as MediatR's own registration makes them:
    /// each is resolved once per request anyway, and it takes the scope's repositories and unit of
    /// work (<see cref="Common.Persistence.IUnitOfWork"/>), which are scoped. A transient that is
    /// not disposable is not kept in the scope's table of resolved services, which a scoped one
    /// would grow on every request. Validators are costly to construct: those that need nothing are
    /// singletons.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(DependencyInjection).Assembly;

        services.AddTransient<ServiceFactory>(provider => provider.GetService!);
        services.AddTransient<IMediator, Mediator>();
        foreach (var type in assembly.GetTypes().Where(type => type is { IsAbstract: false, IsClass: true }))
        {
            foreach (var handler in type.GetInterfaces().Where(IsRequestHandler))
            {
                services.AddTransient(handler, type);
            }
        }

        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));

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
