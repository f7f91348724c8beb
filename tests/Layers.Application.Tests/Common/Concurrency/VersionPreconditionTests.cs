using Layers.Application.Common.Concurrency;

namespace Layers.Application.Tests.Common.Concurrency;

public class VersionPreconditionTests
{
    [Theory]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void One_of_holds_only_for_a_listed_version(long stored, bool satisfied) =>
        Assert.Equal(satisfied, new VersionPrecondition(VersionSet.Of([3, 4]), null).IsSatisfiedBy(stored));

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void None_of_holds_only_for_an_unlisted_version(long stored, bool satisfied) =>
        Assert.Equal(satisfied, new VersionPrecondition(null, VersionSet.Of([3, 4])).IsSatisfiedBy(stored));

    [Fact]
    public void Any_version_is_one_of_any_and_none_of_any_holds_for_no_version()
    {
        Assert.True(new VersionPrecondition(VersionSet.Any, null).IsSatisfiedBy(7));
        Assert.False(new VersionPrecondition(null, VersionSet.Any).IsSatisfiedBy(7));
    }

    [Fact]
    public void A_list_of_nothing_is_one_of_nothing_and_none_of_nothing()
    {
        Assert.False(new VersionPrecondition(VersionSet.Of([]), null).IsSatisfiedBy(7));
        Assert.True(new VersionPrecondition(null, VersionSet.Of([])).IsSatisfiedBy(7));
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Both_conditions_must_hold(long stored, bool satisfied) =>
        Assert.Equal(satisfied, new VersionPrecondition(VersionSet.Of([3, 4]), VersionSet.Of([4])).IsSatisfiedBy(stored));
}
