using CorsKit.Cli.Gateway;

namespace CorsKit.Cli.Tests;

/// <summary>Issue 12 item 8: a gateway config that is not JSON gives the line and column counted from 1, as a policy
/// file does, not System.Text.Json's 0-based "LineNumber: 0 | BytePositionInLine: 62".</summary>
public sealed class GatewayConfigSyntaxTests
{
    [Fact]
    public void A_syntax_error_names_the_line_and_column_from_one()
    {
        // The stray 'x' is the 27th character of the second line (counted by hand).
        const string json = "{\n  \"routes\": [], \"listen\": x\n}";
        Assert.Null(GatewayConfigReader.Read(json, out var errors));
        var error = Assert.Single(errors);
        Assert.StartsWith("the file is not valid JSON at line 2, column 27: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error, StringComparison.Ordinal);
    }
}
