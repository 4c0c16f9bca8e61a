using CorsKit.Policy;

namespace CorsKit.Tests.Policy;

/// <summary>
/// The optimized Access-Control-Request-Headers check against a plain model of the rules (RFC 9110 §5.6.1 lists with
/// optional white space, §5.6.2 tokens, Fetch §4.8 step 7.6 for '*' and Authorization, the documented bounds), on
/// seeded random lists mixing listed, unlisted, differently cased, malformed and empty elements over several lines.
/// </summary>
public sealed class RequestHeaderCheckModelTests
{
    private static readonly string[] Elements =
        ["content-type", "Content-Type", "x-api-key", "X-API-KEY", "x-h3", "x-h30", "authorization", "Authorization",
         "x(y)", "a b", "é", "", " ", "\t", " x-h3 ", "\tcontent-type", "x-unlisted"];

    public static TheoryData<string[], bool> Policies => new()
    {
        { ["content-type", "x-api-key", "x-h3"], false },                                     // scanned (few names)
        { [.. Enumerable.Range(0, 20).Select(i => $"x-h{i}"), "content-type", "x-api-key"], false }, // hashed (many)
        { ["content-type"], true },                                                            // '*' plus a name
        { [], true },                                                                          // '*' only
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Check_agrees_with_the_model(string[] names, bool any)
    {
        var policy = CorsPolicy.Build(new CorsPolicyOptions
        {
            Origins = ["https://a.example"], Methods = ["PUT"], RequestHeaders = any ? [.. names, "*"] : names,
        });
        var random = new Random(4242);
        for (var n = 0; n < 3000; n++)
        {
            var lines = new string?[random.Next(1, 4)];
            for (var l = 0; l < lines.Length; l++)
            {
                var count = random.Next(0, 5);
                lines[l] = string.Join(random.Next(2) == 0 ? "," : ", ", Enumerable.Range(0, count).Select(_ => Elements[random.Next(Elements.Length)]));
            }
            var (rejection, value) = Model(names, any, lines);
            var result = policy.EvaluatePreflight("https://a.example", "PUT", lines);
            Assert.True(rejection == result.Rejection, $"[{string.Join(" | ", lines)}]: expected {rejection}, got {result.Rejection}");
            if (rejection is CorsRejection.HeaderNotAllowed or CorsRejection.MalformedRequestHeaders)
            {
                Assert.Equal(value, result.RejectedValue);
            }
            if (rejection == CorsRejection.None)
            {
                Assert.Equal(lines.Any(l => l!.Split(',').Any(e => e.Trim(' ', '\t').Length > 0)), result.EchoRequestHeaders);
            }
        }
    }

    private static (CorsRejection, string?) Model(string[] names, bool any, string?[] lines)
    {
        foreach (var line in lines)
        {
            foreach (var raw in line!.Split(','))
            {
                var name = raw.Trim(' ', '\t');
                if (name.Length == 0)
                {
                    continue; // at most 12 empty elements here (3 lines of 4), under the bound of 16
                }
                if (!name.All(c => c < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))))
                {
                    return (CorsRejection.MalformedRequestHeaders, name);
                }
                var listed = names.Contains(name, StringComparer.OrdinalIgnoreCase);
                if (!listed && !(any && !name.Equals("authorization", StringComparison.OrdinalIgnoreCase)))
                {
                    return (CorsRejection.HeaderNotAllowed, name);
                }
            }
        }
        return (CorsRejection.None, null);
    }
}
