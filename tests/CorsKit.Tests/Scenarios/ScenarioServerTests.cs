using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Scenarios;

namespace CorsKit.Tests.Scenarios;

public sealed class ScenarioServerTests
{
    private const string Page = "https://app.example";

    private static readonly Scenario PolicyScenario = new()
    {
        Url = "https://api.example/items/7",
        Method = "PUT",
        Server = new ScenarioServerDescription
        {
            Policy = """{ "origins": ["https://app.example"], "methods": ["PUT"], "requestHeaders": ["Content-Type"], "exposeHeaders": ["X-Request-Id"], "credentials": true, "maxAge": 600 }""",
            ActualHeaders = ["X-Request-Id: 42"],
        },
    };

    private static IncomingResponse Send(Scenario s, string method, string url, params (string Name, string Value)[] headers) =>
        ScenarioServer.Respond(s, method, new Uri(url), [.. headers.Select(h => new HttpHeader(h.Name, h.Value))]);

    private static string? Get(IncomingResponse r, string name) =>
        r.Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).DefaultIfEmpty().Aggregate((a, b) => a is null ? b : $"{a}, {b}");

    [Fact]
    public void Policy_preflight_allowed_is_answered_with_the_success_status_and_the_asked_for_lists()
    {
        var r = Send(PolicyScenario, "OPTIONS", "https://api.example/items/7",
            ("Origin", Page), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "content-type"));
        Assert.Equal(204, r.Status);
        Assert.Equal(Page, Get(r, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Get(r, "Access-Control-Allow-Credentials"));
        Assert.Equal("PUT", Get(r, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type", Get(r, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Get(r, "Access-Control-Max-Age"));
        Assert.Equal("Origin, Access-Control-Request-Method, Access-Control-Request-Headers", Get(r, "Vary"));
    }

    [Fact]
    public void Policy_preflight_from_a_refused_origin_is_403_with_vary_only()
    {
        var r = Send(PolicyScenario, "OPTIONS", "https://api.example/items/7", ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "PUT"));
        Assert.Equal(403, r.Status);
        Assert.Equal(["Vary"], r.Headers.Select(h => h.Name));
    }

    [Fact]
    public void Policy_preflight_asking_for_an_unlisted_header_gets_the_policy_list_so_the_browser_names_it()
    {
        var r = Send(PolicyScenario, "OPTIONS", "https://api.example/items/7",
            ("Origin", Page), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-token"));
        Assert.Equal(204, r.Status);
        // The policy compiles its names to lowercase (PolicyCompiler), and lists them as compiled.
        Assert.Equal("content-type", Get(r, "Access-Control-Allow-Headers"));
        Assert.Null(Get(r, "Access-Control-Max-Age"));
    }

    [Fact]
    public void Policy_actual_request_gets_the_middleware_headers_then_the_application_headers()
    {
        var r = Send(PolicyScenario, "PUT", "https://api.example/items/7", ("Origin", Page));
        Assert.Equal(200, r.Status);
        Assert.Equal(["Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers", "Vary", "X-Request-Id"], r.Headers.Select(h => h.Name));
        Assert.Equal(ScenarioServer.ActualBody, r.Body);
        var refused = Send(PolicyScenario, "GET", "https://api.example/items/7", ("Origin", "https://evil.example"));
        Assert.Equal(["Vary", "X-Request-Id"], refused.Headers.Select(h => h.Name));
    }

    [Fact]
    public void A_policy_that_does_not_compile_answers_500_without_cors_headers_and_is_a_problem()
    {
        var s = PolicyScenario with { Server = PolicyScenario.Server with { Policy = """{ "origins": ["*"], "credentials": true }""" } };
        var r = Send(s, "GET", "https://api.example/items/7", ("Origin", Page));
        Assert.Equal(500, r.Status);
        Assert.Null(Get(r, "Access-Control-Allow-Origin"));
        Assert.NotEmpty(ScenarioServer.Problems(s.Server));
        Assert.False(s.TryToRequest(out _, out var problems));
        Assert.Contains(problems, p => p.StartsWith("Policy: origins", StringComparison.Ordinal));
    }

    [Fact]
    public void Raw_preflight_and_actual_lines_are_returned_as_given_with_the_origin_placeholder_filled()
    {
        var s = new Scenario
        {
            Server = new ScenarioServerDescription
            {
                Kind = ScenarioServerKind.Raw,
                PreflightStatus = 200,
                PreflightHeaders = ["Access-Control-Allow-Origin: {origin}", "Access-Control-Allow-Methods: PUT"],
                ActualStatus = 418,
                ActualHeaders = ["Access-Control-Allow-Origin: {origin}", "X-A: 1"],
            },
        };
        var pre = Send(s, "OPTIONS", s.Url, ("Origin", "https://x.example"), ("Access-Control-Request-Method", "PUT"));
        Assert.Equal(200, pre.Status);
        Assert.Equal("https://x.example", Get(pre, "Access-Control-Allow-Origin"));
        Assert.Equal("PUT", Get(pre, "Access-Control-Allow-Methods"));
        var actual = Send(s, "GET", s.Url, ("Origin", "null"));
        Assert.Equal(418, actual.Status);
        Assert.Equal("null", Get(actual, "Access-Control-Allow-Origin"));
        // Without Origin, a reflecting line is left out (there is nothing to reflect).
        var noOrigin = Send(s, "GET", s.Url);
        Assert.Equal(["X-A"], noOrigin.Headers.Select(h => h.Name));
        // OPTIONS without Access-Control-Request-Method is not a preflight (Fetch §3.2.2): the actual answer.
        Assert.Equal(418, Send(s, "OPTIONS", s.Url, ("Origin", Page)).Status);
    }

    [Fact]
    public void Redirect_chain_answers_each_hop_in_order_and_preflights_are_not_redirected()
    {
        var s = new Scenario
        {
            Url = "https://api.example/a?x=1",
            Server = new ScenarioServerDescription
            {
                Kind = ScenarioServerKind.Raw,
                PreflightHeaders = ["Access-Control-Allow-Origin: *"],
                ActualHeaders = ["Access-Control-Allow-Origin: *"],
                Redirects = [new(301, "/b"), new(307, "https://other.example/c")],
            },
        };
        var first = Send(s, "GET", "https://api.example/a?x=1#frag");
        Assert.Equal(301, first.Status);
        Assert.Equal("/b", Get(first, "Location"));
        Assert.Equal("*", Get(first, "Access-Control-Allow-Origin"));
        var second = Send(s, "GET", "https://api.example/b");
        Assert.Equal(307, second.Status);
        Assert.Equal("https://other.example/c", Get(second, "Location"));
        Assert.Equal(200, Send(s, "GET", "https://other.example/c").Status);
        Assert.Equal(204, Send(s, "OPTIONS", "https://api.example/a?x=1", ("Origin", Page), ("Access-Control-Request-Method", "PUT")).Status);
    }

    [Fact]
    public async Task The_model_runs_through_the_in_memory_transport()
    {
        var s = PolicyScenario with { Headers = ["Content-Type: application/json"], Body = "{}", Credentials = CredentialsMode.Include };
        Assert.True(s.TryToRequest(out var request, out var problems), string.Join(" ", problems));
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(request, ScenarioServer.Transport(s));
        Assert.True(verdict.Allowed);
        Assert.True(verdict.PreflightSent);
        Assert.Equal("PUT", verdict.PreflightRequestMethod);
        Assert.Equal("content-type", verdict.PreflightRequestHeaders);
        // Fetch §4.1 main fetch: the exposed X-Request-Id only (no CORS-safelisted response header was sent).
        Assert.Equal(["x-request-id"], verdict.ReadableHeaders);
    }

    [Theory]
    [InlineData("Bad Header", "is not of the form")]
    [InlineData(":x", "is not of the form")]
    public void Unparseable_header_lines_are_problems(string line, string expected)
    {
        var s = new Scenario { Headers = [line] };
        Assert.False(s.TryToRequest(out _, out var problems));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("app.example")]
    [InlineData("https://app.example/")]
    [InlineData("")]
    public void A_page_origin_that_is_not_a_serialized_origin_is_a_problem(string origin)
    {
        Assert.False((new Scenario { PageOrigin = origin }).TryToRequest(out _, out var problems));
        Assert.Contains(problems, p => p.StartsWith("The page origin", StringComparison.Ordinal));
    }
}
