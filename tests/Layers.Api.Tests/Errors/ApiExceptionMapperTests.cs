using Layers.Api.Errors;
using Layers.Application.Common.Exceptions;
using Layers.Domain.Common;
using Microsoft.Extensions.Logging;

namespace Layers.Api.Tests.Errors;

public sealed class ApiExceptionMapperTests
{
    [Fact]
    public void A_domain_rule_broken_by_a_request_is_the_clients_422()
    {
        var problem = ApiExceptionMapper.Map(new DomainException("Gender cannot be cleared."));

        Assert.Equal((422, "VALIDATION", LogLevel.Debug), (problem.Status, problem.Code, problem.LogLevel));
        Assert.Equal(["Gender cannot be cleared."], problem.Details!.FormErrors);
    }

    [Fact]
    public void A_stored_row_that_breaks_a_domain_rule_is_a_500_logged_as_an_error()
    {
        var problem = ApiExceptionMapper.Map(new StoredDataException("row", new DomainException("'x' is not a well-formed BCP 47 language tag.")));

        Assert.Equal((500, "INTERNAL", LogLevel.Error), (problem.Status, problem.Code, problem.LogLevel));
        Assert.Null(problem.Details);
    }

    [Fact]
    public void A_bodiless_401_or_403_gets_the_envelope_of_a_failed_authentication_or_authorization()
    {
        var unauthenticated = ApiExceptionMapper.ForStatus(401);
        var forbidden = ApiExceptionMapper.ForStatus(403);

        Assert.Equal((401, "UNAUTHENTICATED", "A valid API key is required."), (unauthenticated.Status, unauthenticated.Code, unauthenticated.Message));
        Assert.Equal("Bearer", Assert.Single(unauthenticated.Headers!, header => header.Key == "WWW-Authenticate").Value);
        Assert.Equal((403, "FORBIDDEN_SCOPE", "This API key lacks the required scope."), (forbidden.Status, forbidden.Code, forbidden.Message));
    }
}
