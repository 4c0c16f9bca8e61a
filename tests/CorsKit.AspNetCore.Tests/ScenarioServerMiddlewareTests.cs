using CorsKit.Fetch;
using CorsKit.Policy;
using CorsKit.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CorsKit.AspNetCore.Tests;

/// <summary>ScenarioServer.Respond answers a policy scenario with the status and CORS headers the real middleware
/// sends for the same policy and the same request (the playground's model and live server stand in for it).</summary>
public sealed class ScenarioServerMiddlewareTests
{
    private const string Policy = """{ "origins": ["https://app.example", "https://*.corp.example"], "methods": ["PUT", "DELETE"], "requestHeaders": ["Content-Type", "X-Token"], "exposeHeaders": ["X-Request-Id"], "credentials": true, "maxAge": 300, "preflightSuccessStatus": 200 }""";

    public static TheoryData<string, string[]> Requests() => new()
    {
        { "GET", ["Origin: https://app.example"] },
        { "GET", ["Origin: https://evil.example"] },
        { "GET", [] },
        { "OPTIONS", ["Origin: https://app.example", "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: content-type,x-token"] },
        { "OPTIONS", ["Origin: https://a.corp.example", "Access-Control-Request-Method: DELETE"] },
        { "OPTIONS", ["Origin: https://app.example", "Access-Control-Request-Method: PATCH"] },
        { "OPTIONS", ["Origin: https://app.example", "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: x-other"] },
        { "OPTIONS", ["Origin: https://evil.example", "Access-Control-Request-Method: PUT"] },
        { "OPTIONS", ["Origin: https://app.example", "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: a b"] },
        { "OPTIONS", ["Origin: https://app.example", "Access-Control-Request-Method: PUT", "Access-Control-Request-Private-Network: true"] },
        { "OPTIONS", ["Origin: https://app.example"] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Respond_matches_the_middleware(string method, string[] lines)
    {
        await using var t = await TestApp.StartAsync(o => o.AddDefaultPolicy(CorsPolicyOptions.FromJson(Policy)),
            app => app.Map("/{**path}", () => Results.Text("app")));
        using var message = new HttpRequestMessage(new HttpMethod(method), "http://api.example/data");
        var headers = new List<HttpHeader>();
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new HttpHeader(line[..colon], line[(colon + 1)..].Trim()));
            message.Headers.TryAddWithoutValidation(line[..colon], line[(colon + 1)..].Trim());
        }
        using var real = await t.Client.SendAsync(message);

        var scenario = new Scenario { Url = "http://api.example/data", Server = new ScenarioServerDescription { Policy = Policy } };
        var modelled = ScenarioServer.Respond(scenario, method, new Uri("http://api.example/data"), headers);

        Assert.Equal((int)real.StatusCode, modelled.Status);
        Assert.Equal(Cors(real.Headers.SelectMany(h => h.Value.Select(v => (h.Key, v)))),
            Cors(modelled.Headers.Select(h => (h.Name, h.Value))));
    }

    private static string[] Cors(IEnumerable<(string Name, string Value)> headers) =>
        [.. headers.Where(h => h.Name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Vary", StringComparison.OrdinalIgnoreCase))
            // HttpClient splits list headers into elements (RFC 9110 §5.6.1), so both sides are compared element by element.
            .SelectMany(h => h.Value.Split(',', StringSplitOptions.TrimEntries).Select(v => $"{h.Name.ToLowerInvariant()}: {v}"))
            .Order(StringComparer.Ordinal)];
}
