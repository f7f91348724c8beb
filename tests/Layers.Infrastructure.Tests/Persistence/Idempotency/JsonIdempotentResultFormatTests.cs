using Layers.Application.Common.Exceptions;
using Layers.Application.Influencers;
using Layers.Infrastructure.Persistence.Idempotency;

namespace Layers.Infrastructure.Tests.Persistence.Idempotency;

public sealed class JsonIdempotentResultFormatTests
{
    private static readonly InfluencerResponse Created = new()
    {
        InfluencerId = "inf_4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e",
        ProjectId = "prj_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e",
        Name = "Ava \"A\" Chen é",
        Gender = "female",
        AgeRange = null,
        BrandVoice = "authentic",
        Language = "en",
        Status = "active",
        CreatedAt = "2026-04-01T14:22:10.123456Z",
        UpdatedAt = "2026-04-01T14:22:10.123456Z",
        Version = 3,
    };

    private readonly JsonIdempotentResultFormat format = new();

    [Fact]
    public void A_result_is_read_back_as_written_its_version_included() =>
        Assert.Equal(Created, format.Read<InfluencerResponse>(format.Write(Created)));

    /// <summary>What the HTTP filter recorded before results were: a 201 whose ETag carries the version its body leaves out.</summary>
    [Fact]
    public void An_http_answer_recorded_before_results_were_is_read_as_the_influencer_it_created()
    {
        const string Answer = """
            {"status":201,"contentType":"application/json; charset=utf-8","location":"/v1/influencers/inf_4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e","entityTag":"\"v3\"","body":"{\"influencerId\":\"inf_4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e\",\"projectId\":\"prj_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e\",\"name\":\"Ava \\\"A\\\" Chen é\",\"gender\":\"female\",\"ageRange\":null,\"brandVoice\":\"authentic\",\"language\":\"en\",\"status\":\"active\",\"createdAt\":\"2026-04-01T14:22:10.123456Z\",\"updatedAt\":\"2026-04-01T14:22:10.123456Z\"}"}
            """;

        Assert.Equal(Created, format.Read<InfluencerResponse>(Answer));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"format":2,"result":{}}""")]
    [InlineData("""{"format":3,"result":{}}""")]
    [InlineData("""{"status":500,"entityTag":"\"v3\"","body":"{}"}""")]
    [InlineData("""{"status":201,"entityTag":"*","body":"{}"}""")]
    [InlineData("""{"status":201,"body":"{}"}""")]
    public void A_stored_outcome_that_is_no_result_is_a_fault_of_the_data(string outcome) =>
        Assert.Throws<StoredDataException>(() => format.Read<InfluencerResponse>(outcome));
}
