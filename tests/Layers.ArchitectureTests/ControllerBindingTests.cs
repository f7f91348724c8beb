namespace Layers.ArchitectureTests;

/// <summary>
/// Actions read their route values and the request's token themselves and take no parameters, so
/// that MVC never binds a model: no per-request binding context, and no value provider that
/// parses a form body before the action can refuse its media type.
/// </summary>
public class ControllerBindingTests
{
    [Fact]
    public void Actions_take_no_parameters()
    {
        var bound = ControllerScopeTests.Actions
            .Where(action => action.GetParameters().Length > 0)
            .Select(action => $"{action.DeclaringType!.Name}.{action.Name}({string.Join(", ", action.GetParameters().Select(parameter => parameter.Name))})");

        Assert.Empty(bound);
    }
}
