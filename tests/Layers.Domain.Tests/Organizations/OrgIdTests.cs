using Layers.Domain.Common;
using Layers.Domain.Organizations;

namespace Layers.Domain.Tests.Organizations;

public class OrgIdTests
{
    [Fact]
    public void The_empty_uuid_is_not_an_org_id()
    {
        var exception = Assert.Throws<DomainException>(() => new OrgId(Guid.Empty));

        Assert.Equal("An org id cannot be empty.", exception.Message);
    }

    [Fact]
    public void ToString_renders_the_bare_uuid()
    {
        var id = new OrgId(Guid.Parse("0A0A0A0A-1111-4222-8333-444455556666"));

        Assert.Equal("0a0a0a0a-1111-4222-8333-444455556666", id.ToString());
    }
}
