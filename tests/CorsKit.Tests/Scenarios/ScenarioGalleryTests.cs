using CorsKit.Model;
using CorsKit.Scenarios;

namespace CorsKit.Tests.Scenarios;

public sealed class ScenarioGalleryTests
{
    // Expected outcomes from the Fetch standard: §4.10 CORS check (ACAO must be '*' without credentials or the exact
    // serialized origin; with credentials ACAC must be "true" and '*' is refused), §4.8 CORS-preflight fetch (each
    // unsafe header must be listed), §4.4 HTTP-redirect fetch (a cross-origin hop taints the origin to null).
    [Theory]
    [InlineData(ScenarioGalleryId.PolicyAllowsPut, true, null, true)]
    [InlineData(ScenarioGalleryId.ReflectAnyOrigin, true, null, false)]
    [InlineData(ScenarioGalleryId.NullOrigin, true, null, false)]
    [InlineData(ScenarioGalleryId.WildcardWithCredentials, false, ChromiumCorsError.WildcardOriginNotAllowed, false)]
    [InlineData(ScenarioGalleryId.MissingVary, true, null, false)]
    [InlineData(ScenarioGalleryId.ErrorWithoutCorsHeaders, false, ChromiumCorsError.MissingAllowOriginHeader, true)]
    [InlineData(ScenarioGalleryId.PreflightWithoutContentType, false, ChromiumCorsError.HeaderDisallowedByPreflightResponse, true)]
    [InlineData(ScenarioGalleryId.CrossOriginRedirect, false, ChromiumCorsError.AllowOriginMismatch, false)]
    public async Task Each_entry_gives_the_verdict_its_lesson_describes(ScenarioGalleryId id, bool allowed, ChromiumCorsError? code, bool preflight)
    {
        var entry = ScenarioGallery.Get(id);
        Assert.True(entry.Scenario.TryToRequest(out var request, out var problems), string.Join(" ", problems));
        foreach (var profile in new[] { BrowserProfile.Chromium, BrowserProfile.Firefox, BrowserProfile.Safari })
        {
            var verdict = await new BrowserModel(profile).RunAsync(request, ScenarioServer.Transport(entry.Scenario));
            Assert.Equal(allowed, verdict.Allowed);
            Assert.Equal(code, verdict.Failure?.Code);
            Assert.Equal(preflight, verdict.PreflightSent);
        }
    }

    [Fact]
    public void Slugs_are_unique_and_cover_every_id()
    {
        Assert.Equal(Enum.GetValues<ScenarioGalleryId>().Length, ScenarioGallery.Entries.Count);
        Assert.Equal(ScenarioGallery.Entries.Count, ScenarioGallery.Entries.Select(e => e.Slug).Distinct().Count());
        Assert.Equal(ScenarioGalleryId.NullOrigin, ScenarioGallery.Find("null-origin")!.Id);
        Assert.Null(ScenarioGallery.Find("nope"));
    }

    [Fact]
    public async Task A_blocked_entry_gets_header_lines_and_a_snippet_per_stack_and_an_allowed_one_none()
    {
        var entry = ScenarioGallery.Get(ScenarioGalleryId.PreflightWithoutContentType);
        Assert.True(entry.Scenario.TryToRequest(out var request, out _));
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(request, ScenarioServer.Transport(entry.Scenario));
        var advice = ScenarioAdvice.For(entry.Scenario, verdict);
        Assert.NotNull(advice);
        // Fetch §4.8 step 7.7: content-type must be listed in the preflight's Access-Control-Allow-Headers.
        Assert.Contains(advice.PreflightResponseHeaders, h => h.Name == "Access-Control-Allow-Headers" && h.Value.Contains("content-type", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Enum.GetValues<CorsKit.Diagnostics.Fixes.ServerStack>().Length, advice.Snippets.Count);

        var ok = ScenarioGallery.Get(ScenarioGalleryId.PolicyAllowsPut);
        Assert.True(ok.Scenario.TryToRequest(out var okRequest, out _));
        Assert.Null(ScenarioAdvice.For(ok.Scenario, await new BrowserModel(BrowserProfile.Chromium).RunAsync(okRequest, ScenarioServer.Transport(ok.Scenario))));
    }
}
