using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Layers.Api.Http;

/// <summary>
/// MVC's model validation, replaced: actions bind only route strings, which the use cases parse
/// and judge themselves (an unparsable id is simply not found), and bodies are validated by the
/// MediatR pipeline. MVC would otherwise walk every bound value on every request.
/// </summary>
public sealed class RouteValuesNeedNoValidation : IObjectModelValidator
{
    public void Validate(ActionContext actionContext, ValidationStateDictionary? validationState, string prefix, object? model)
    {
    }
}
