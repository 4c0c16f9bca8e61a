using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Scenarios;

namespace CorsKit.Tests.Scenarios;

public sealed class ScenarioRelocateTests
{
    private const string Live = "http://127.0.0.1:5000";
    private const string ApiBase = "http://127.0.0.1:5001/s/k3x9";
    private const string OtherBase = "http://127.0.0.1:5002/s/k3x9";

    [Fact]
    public void Url_page_origin_and_redirects_move_to_the_live_origins()
    {
        var s = new Scenario
        {
            Url = "https://api.example/data?x=1",
            Server = new ScenarioServerDescription
            {
                Kind = ScenarioServerKind.Raw,
                PreflightHeaders = ["Access-Control-Allow-Origin: https://app.example"],
                ActualHeaders = ["Access-Control-Allow-Origin: https://app.example", "X-Origin-Note: https://app.example/x"],
                Redirects = [new(302, "/next"), new(307, "https://cdn.example/final?y=2"), new(302, "https://api.example/back")],
            },
        }.Relocate(Live, ApiBase, OtherBase);
        Assert.Equal(Live, s.PageOrigin);
        Assert.Equal(ApiBase + "/data?x=1", s.Url);
        Assert.Equal(["Access-Control-Allow-Origin: " + Live], s.Server.PreflightHeaders);
        // Only a value that is exactly the page origin is replaced.
        Assert.Equal(["Access-Control-Allow-Origin: " + Live, "X-Origin-Note: https://app.example/x"], s.Server.ActualHeaders);
        Assert.Equal([ApiBase + "/next", OtherBase + "/final?y=2", ApiBase + "/back"], s.Server.Redirects.Select(r => r.Location));
    }

    [Fact]
    public void The_policy_allows_the_live_page_origin_instead_of_the_scenario_one()
    {
        var s = ScenarioGallery.Get(ScenarioGalleryId.PolicyAllowsPut).Scenario.Relocate(Live, ApiBase, OtherBase);
        var pre = ScenarioServer.Respond(s, "OPTIONS", new Uri(s.Url), [new HttpHeader("Origin", Live), new HttpHeader("Access-Control-Request-Method", "PUT")]);
        Assert.Equal(204, pre.Status);
        Assert.Contains(new HttpHeader("Access-Control-Allow-Origin", Live), pre.Headers);
        var old = ScenarioServer.Respond(s, "OPTIONS", new Uri(s.Url), [new HttpHeader("Origin", "https://app.example"), new HttpHeader("Access-Control-Request-Method", "PUT")]);
        Assert.Equal(403, old.Status);
    }

    [Fact]
    public void A_pattern_that_allowed_the_page_origin_gets_the_live_origin_added()
    {
        var s = new Scenario { Server = new ScenarioServerDescription { Policy = """{ "origins": ["https://*.example"] }""" } }
            .Relocate(Live, ApiBase, OtherBase);
        var r = ScenarioServer.Respond(s, "GET", new Uri(s.Url), [new HttpHeader("Origin", Live)]);
        Assert.Contains(new HttpHeader("Access-Control-Allow-Origin", Live), r.Headers);
    }

    [Fact]
    public void A_policy_that_does_not_allow_the_page_origin_still_does_not()
    {
        var s = new Scenario { Server = new ScenarioServerDescription { Policy = """{ "origins": ["https://other.example"] }""" } }
            .Relocate(Live, ApiBase, OtherBase);
        var r = ScenarioServer.Respond(s, "GET", new Uri(s.Url), [new HttpHeader("Origin", Live)]);
        Assert.DoesNotContain(r.Headers, h => h.Name == "Access-Control-Allow-Origin");
    }

    [Fact]
    public async Task Every_gallery_entry_has_the_same_verdict_after_relocation()
    {
        foreach (var entry in ScenarioGallery.Entries)
        {
            var moved = entry.Scenario.Relocate(Live, ApiBase, OtherBase);
            Assert.True(entry.Scenario.TryToRequest(out var before, out var p1), entry.Slug + string.Join(" ", p1));
            Assert.True(moved.TryToRequest(out var after, out var p2), entry.Slug + string.Join(" ", p2));
            var v1 = await new BrowserModel(BrowserProfile.Chromium).RunAsync(before, ScenarioServer.Transport(entry.Scenario));
            var v2 = await new BrowserModel(BrowserProfile.Chromium).RunAsync(after, ScenarioServer.Transport(moved));
            Assert.True(v1.Allowed == v2.Allowed, entry.Slug);
            Assert.Equal(v1.Failure?.Code, v2.Failure?.Code);
            Assert.Equal(v1.PreflightSent, v2.PreflightSent);
        }
    }

    [Fact]
    public void A_null_page_origin_stays_null() =>
        Assert.Equal("null", ScenarioGallery.Get(ScenarioGalleryId.NullOrigin).Scenario.Relocate(Live, ApiBase, OtherBase).PageOrigin);
}
