using CorsKit.Origins;

namespace CorsKit.Tests;

public class SmokeTests
{
    [Fact]
    public void NullOriginSerializesAsNull() => Assert.Equal("null", Origin.Null.Serialized);
}
