using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

using Layers.Api.Security;
using Layers.Application.Common.Security;

using MediatR;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Layers.ArchitectureTests;

/// <summary>
/// Every controller action names, with <c>[AuthorizeRequest&lt;TRequest&gt;]</c>, the one request it
/// sends, so that its policy is the scope that request declares with <c>[RequiresScope]</c> and
/// HTTP answers 403 exactly when the authorization behavior would. The request an action sends is
/// read from its compiled body, not from anything the action says.
/// </summary>
public class ControllerScopeTests
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    /// <summary>The public actions of every controller in the API.</summary>
    internal static readonly MethodInfo[] Actions =
    [
        .. typeof(ApiKeySecurity).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false } && type.IsAssignableTo(typeof(ControllerBase)))
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => !method.IsSpecialName && method.GetCustomAttribute<NonActionAttribute>() is null),
    ];

    [Fact]
    public void The_known_actions_are_found()
    {
        // Guards the test below against passing on an empty set.
        Assert.Equal(
            ["InfluencersController.Clone", "InfluencersController.Create", "InfluencersController.Delete", "InfluencersController.Get", "InfluencersController.List", "InfluencersController.Patch"],
            Actions.Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_action_is_authorized_for_the_one_request_it_sends()
    {
        var mismatches = Actions
            .Select(action => (Action: Name(action), Sent: SentRequests(action), Named: NamedRequests(action)))
            .Where(found => found.Sent.Count != 1 || !found.Named.SequenceEqual(found.Sent))
            .Select(found => $"{found.Action} sends [{string.Join(", ", found.Sent.Select(type => type.Name))}] but is authorized for [{string.Join(", ", found.Named.Select(type => type.Name))}]")
            .ToList();

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Every_scope_is_a_policy_that_requires_a_key_with_that_scope()
    {
        using var services = new ServiceCollection().AddApiKeySecurity().BuildServiceProvider();
        var authorization = services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;

        Assert.All(Scopes.All, scope =>
        {
            var policy = authorization.GetPolicy(scope);
            Assert.NotNull(policy);
            Assert.Contains(policy.Requirements, requirement => requirement is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
            Assert.Equal(scope, Assert.Single(policy.Requirements.OfType<ScopeRequirement>()).Scope);
        });
    }

    private static string Name(MethodInfo action) => $"{action.DeclaringType!.Name}.{action.Name}";

    /// <summary>
    /// The requests the action's <c>[AuthorizeRequest&lt;TRequest&gt;]</c> names; any other
    /// <c>[Authorize]</c>, on the action or its controller, is reported as one that names none.
    /// </summary>
    private static List<Type> NamedRequests(MethodInfo action) =>
    [
        .. action.DeclaringType!.GetCustomAttributes<AuthorizeAttribute>()
            .Concat(action.GetCustomAttributes<AuthorizeAttribute>())
            .Select(authorize => authorize.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(AuthorizeRequestAttribute<>)
                ? type.GetGenericArguments()[0]
                : typeof(AuthorizeAttribute)),
    ];

    /// <summary>The MediatR requests the action constructs, or has built for it.</summary>
    private static List<Type> SentRequests(MethodInfo action)
    {
        var body = action.GetCustomAttribute<AsyncStateMachineAttribute>()?.StateMachineType
            .GetMethod("MoveNext", BindingFlags.NonPublic | BindingFlags.Instance) ?? action;
        return
        [
            .. ConstructedTypes(body)
                .Where(type => type.GetInterfaces().Any(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IRequest<>)))
                .Distinct(),
        ];
    }

    /// <summary>
    /// The types of every <c>newobj</c> in the method's IL, and the return types of the methods it
    /// calls (a body reader that builds the command).
    /// </summary>
    private static IEnumerable<Type> ConstructedTypes(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var position = 0;
        while (position < il.Length)
        {
            var value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            var code = OpCodesByValue[value];
            position += code.Size;
            if (code == OpCodes.Newobj)
            {
                yield return method.Module.ResolveMethod(BitConverter.ToInt32(il, position))!.DeclaringType!;
            }
            else if ((code == OpCodes.Call || code == OpCodes.Callvirt) && method.Module.ResolveMethod(BitConverter.ToInt32(il, position)) is MethodInfo called)
            {
                yield return called.ReturnType;
            }

            position += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
                _ => 4,
            };
        }
    }
}
