using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using static CorsKit.Tests.Model.ScriptedServer;

namespace CorsKit.Tests.Model;

/// <summary>The verdict says everything a caller needs (code review 3.1, issue 11 diagnosis 5): the one
/// classification of the run, each request as it went on the wire, the transport's own failure, and the actual request
/// that a failed preflight kept from being sent. A caller needs no side channel and no second copy of a rule.</summary>
public sealed class VerdictTests
{
    private static CorsRequest Put() => new()
    {
        Origin = Origin.Parse("https://a.example"), Url = new Uri("https://b.example/api"), Method = "PUT", Headers = [new HttpHeader("X-A", "1")],
    };

    private static OutgoingRequest Mark(OutgoingRequest r) => r with { Headers = [.. r.Headers, new HttpHeader("User-Agent", "test")] };

    [Fact]
    public async Task Failed_preflight_reports_the_classification_and_the_unsent_actual_request()
    {
        var server = new ScriptedServer(_ => Respond(403));

        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Put(), server.Transport, Mark);

        Assert.Equal(["x-a"], verdict.Classification!.UnsafeHeaderNames);
        Assert.True(verdict.Classification.NeedsPreflight);
        var unsent = verdict.Unsent!;
        Assert.Equal("PUT", unsent.Method);
        // Fetch §3.1.5 "append a request Origin header": the actual request would carry Origin.
        Assert.Equal("https://a.example", Header(unsent, "Origin"));
        Assert.Equal("1", Header(unsent, "X-A"));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Each_exchange_records_the_request_as_completed_on_the_wire_while_the_model_keeps_its_own()
    {
        var server = new ScriptedServer(r => r.Method == "OPTIONS"
            ? Respond(204, new("Access-Control-Allow-Origin", "https://a.example"), new("Access-Control-Allow-Methods", "PUT"), new("Access-Control-Allow-Headers", "x-a"))
            : Respond(200, new HttpHeader("Access-Control-Allow-Origin", "https://a.example")));

        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Put(), server.Transport, Mark);

        Assert.True(verdict.Allowed);
        Assert.Null(verdict.Unsent);
        Assert.All(verdict.Exchanges, e =>
        {
            Assert.Equal("test", Header(e.Wire!, "User-Agent"));
            Assert.Null(Header(e.Request, "User-Agent"));
        });
        Assert.All(server.Requests, r => Assert.Equal("test", Header(r, "User-Agent")));
    }

    [Fact]
    public async Task Transport_failure_travels_in_the_verdict()
    {
        var refused = new TransportException("refused", "connection to https://b.example was refused");
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Put(), (_, _) => throw refused);

        Assert.Same(refused, verdict.Failure!.Transport);
        Assert.Equal("net::ERR_CONNECTION_REFUSED", verdict.Failure.NetworkError);
    }
}
