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
    /// this assembly and the pipeline behaviors (outermost first) are registered here. All are
    /// stateless singletons (the caller comes from <see cref="Common.Security.ICurrentCaller"/>),
    /// so a request builds no object graph; validators in particular are costly to construct.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(DependencyInjection).Assembly;

        services.AddSingleton<ServiceFactory>(provider => provider.GetService!);
        services.AddSingleton<IMediator, Mediator>();
        foreach (var type in assembly.GetTypes().Where(type => type is { IsAbstract: false, IsClass: true }))
        {
            foreach (var handler in type.GetInterfaces().Where(IsRequestHandler))
            {
                services.AddSingleton(handler, type);
            }
        }

        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehavior<,>));
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));

        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddAutoMapper(configuration => configuration.AddProfile<InfluencerMappingProfile>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<OperatorService>();
        return services;
    }

    private static bool IsRequestHandler(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IRequestHandler<,>);
}
