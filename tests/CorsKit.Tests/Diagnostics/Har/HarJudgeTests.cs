using System.Text;
using System.Text.Json.Nodes;
using CorsKit.Diagnostics.Har;
using CorsKit.Model;
using static CorsKit.Tests.Diagnostics.Har.HarText;

namespace CorsKit.Tests.Diagnostics.Har;

/// <summary>
/// The HAR judge on files in the shapes browsers write. The expected codes follow from the Fetch standard's checks
/// (§4.10 CORS check, §4.9 CORS-preflight fetch steps 7.3-7.8), not from a run of the judge; the Chromium-recorded
/// case is ExplainHarChromiumTests in the CLI tests.
/// </summary>
public class HarJudgeTests
{
    private const string App = "https://app.example";

    /// <summary>
    /// Firefox's "Save All As HAR" shape (devtools/client/netmonitor/src/har/har-builder.js <c>buildEntry</c> and
    /// har-builder-utils.js <c>buildHarLog</c>): <c>creator</c>/<c>browser</c> "Firefox", <c>pages[].title</c> the page
    /// URL, entries with <c>pageref</c>, <c>startedDateTime</c>, <c>request</c>/<c>response</c>/<c>cache</c>/<c>timings</c>,
    /// and none of Chromium's underscore fields: the preflight is recognised by OPTIONS + Access-Control-Request-Method
    /// and paired by URL, method and time.
    /// </summary>
    [Fact]
    public void A_Firefox_shaped_HAR_is_judged_without_Chromiums_extensions()
    {
        var har = Log("Firefox", App + "/",
            Entry("GET", App + "/app.js", [("Host", "app.example")], 200, [("Content-Type", "text/javascript")], 0),
            Entry("GET", "https://cdn.example/logo.png", [("Host", "cdn.example"), ("Referer", App + "/")], 200, [("Content-Type", "image/png")], 0.1),
            Entry("GET", "https://api.example/ok", [("Host", "api.example"), ("Origin", App)], 200, [("Access-Control-Allow-Origin", App)], 0.2),
            Entry("PUT", "https://api.example/items/1", [("Host", "api.example"), ("Origin", App), ("Content-Type", "application/json")], 0, [], 0.3),
            Entry("OPTIONS", "https://api.example/items/1",
                [("Host", "api.example"), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "content-type"), ("Origin", App)],
                204, [("Access-Control-Allow-Origin", App), ("Access-Control-Allow-Methods", "GET, POST"), ("Access-Control-Allow-Headers", "content-type")], 0.31),
            Entry("GET", "https://api.example/me", [("Host", "api.example"), ("Origin", App), ("Cookie", "sid=1")], 200, [("Access-Control-Allow-Origin", "*")], 0.4));

        Assert.True(HarReader.TryRead(har, out var log, out var error), error);
        Assert.Equal("Firefox", log.Creator);
        var report = HarJudge.Judge(log);

        Assert.Equal(2, report.NotCrossOrigin); // the same-origin script and the no-cors image
        Assert.Collection(report.Findings,
            ok =>
            {
                Assert.Equal("https://api.example/ok", ok.Url);
                Assert.False(ok.Primary.Blocked);
                Assert.Equal(HarOriginSource.OriginHeader, ok.OriginSource);
            },
            put =>
            {
                // §4.9 step 7.5: PUT is not in Access-Control-Allow-Methods.
                Assert.Equal(ChromiumCorsError.MethodDisallowedByPreflightResponse, put.Primary.Code);
                Assert.Equal("PUT", put.Primary.Verdict.Failure!.FailedParameter);
                Assert.Equal(HarPreflightPairing.UrlAndTiming, put.Pairing);
                Assert.Single(put.Preflights);
            },
            me =>
            {
                // §4.10 step 3: '*' never matches a credentialed request; the Cookie header says credentials were included.
                Assert.Equal(HarCredentialsSource.CookieHeader, me.CredentialsSource);
                Assert.Equal(ChromiumCorsError.WildcardOriginNotAllowed, me.Primary.Code);
            });
        Assert.Equal(["MethodDisallowedByPreflightResponse", "WildcardOriginNotAllowed"], report.RootCauses.Select(c => c.Cause).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_sanitised_export_is_recognised_and_the_removed_header_is_recovered_from_the_preflight()
    {
        // DevTools' sanitised export drops Authorization; the preflight still lists it (§4.9 step 4).
        var har = Log("WebInspector", App + "/",
            Entry("GET", "https://api.example/private", [("Referer", App + "/")], 0, [], 0, "fetch", new JsonObject { ["type"] = "script" }, "net::ERR_FAILED"),
            Entry("OPTIONS", "https://api.example/private",
                [("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "authorization"), ("Origin", App)],
                204, [("Access-Control-Allow-Origin", App), ("Access-Control-Allow-Headers", "content-type")], 0.01, "preflight",
                new JsonObject { ["type"] = "preflight", ["url"] = "https://api.example/private", ["requestId"] = "7" }));

        Assert.True(HarReader.TryRead(har, out var log, out var error), error);
        var finding = Assert.Single(HarJudge.Judge(log, CredentialsMode.Omit).Findings);
        Assert.True(finding.Sanitised);
        Assert.Equal(HarOriginSource.PreflightOrigin, finding.OriginSource);
        Assert.Equal(ChromiumCorsError.HeaderDisallowedByPreflightResponse, finding.Primary.Code);
        Assert.Equal("authorization", finding.Primary.Verdict.Failure!.FailedParameter);
    }

    [Fact]
    public void Unknown_credentials_give_both_outcomes()
    {
        // No Cookie header and a recorded success: omit passes, include fails the §4.10 step 3-4 credentials rules.
        var har = Log("WebInspector", App + "/",
            Entry("GET", "https://api.example/feed", [("Origin", App)], 200, [("Access-Control-Allow-Origin", App)], 0, "fetch"),
            Entry("GET", "https://api.example/any", [("Origin", App)], 200, [("Access-Control-Allow-Origin", "*")], 0.1, "xhr", error: "net::ERR_FAILED"));
        Assert.True(HarReader.TryRead(har, out var log, out _));
        var report = HarJudge.Judge(log);
        var feed = report.Findings[0];
        Assert.Equal([CredentialsMode.Omit, CredentialsMode.Include], feed.Outcomes.Select(o => o.Credentials));
        Assert.Equal(HarCredentialsSource.RecordedOutcome, feed.CredentialsSource);
        Assert.Equal(ChromiumCorsError.InvalidAllowCredentials, feed.Outcomes[1].Code);

        // Recorded as failed: only include explains it, so include comes first.
        var any = report.Findings[1];
        Assert.Equal(CredentialsMode.Include, any.Primary.Credentials);
        Assert.Equal(ChromiumCorsError.WildcardOriginNotAllowed, any.Primary.Code);
        Assert.Equal(Initiator.XmlHttpRequest, any.Request.Initiator);

        var given = HarJudge.Judge(log, CredentialsMode.Omit);
        Assert.All(given.Findings, f => Assert.Equal(HarCredentialsSource.Given, f.CredentialsSource));
        Assert.All(given.Findings, f => Assert.False(f.Primary.Blocked));
    }

    [Fact]
    public void Redirect_hops_are_chained_and_each_hop_gets_its_own_preflight_by_request_id()
    {
        var pre = (string url, string id, double t) => Entry("OPTIONS", url, [("Access-Control-Request-Method", "DELETE"), ("Origin", App)], 204,
            [("Access-Control-Allow-Origin", App), ("Access-Control-Allow-Methods", "DELETE")], t, "preflight",
            new JsonObject { ["type"] = "preflight", ["url"] = url, ["requestId"] = id });
        var har = Log("WebInspector", App + "/",
            // Two DELETEs to the same URL: the ids, not the timing, decide which preflight is whose.
            Entry("DELETE", "https://api.example/a", [("Origin", App)], 307, [("Access-Control-Allow-Origin", App), ("Location", "https://api.example/b")], 0, "fetch", requestId: "1"),
            pre("https://api.example/a", "2", 0.001),
            pre("https://api.example/a", "1", 0.002),
            Entry("DELETE", "https://api.example/b", [("Origin", App)], 200, [], 0.01, "fetch", error: "net::ERR_FAILED", requestId: "1"),
            pre("https://api.example/b", "1", 0.009),
            Entry("DELETE", "https://api.example/a", [("Origin", App)], 204, [("Access-Control-Allow-Origin", App)], 0.003, "fetch", requestId: "2"));
        Assert.True(HarReader.TryRead(har, out var log, out _));
        var report = HarJudge.Judge(log, CredentialsMode.Omit);

        Assert.Equal(2, report.Findings.Count);
        var redirected = report.Findings.Single(f => f.Hops.Count == 2);
        Assert.Equal(HarPreflightPairing.RequestId, redirected.Pairing);
        Assert.Equal(2, redirected.Preflights.Count);
        // §4.10: the final hop's response has no Access-Control-Allow-Origin.
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, redirected.Primary.Code);
        Assert.Equal("https://api.example/b", redirected.Primary.Verdict.Exchanges[^1].Request.Url.AbsoluteUri);
        Assert.False(report.Findings.Single(f => f.Hops.Count == 1).Primary.Blocked);
    }

    [Fact]
    public void A_preflight_the_file_lacks_is_taken_as_passed_when_the_request_got_its_response_and_unknown_otherwise()
    {
        var har = Log("Playwright", App + "/",
            Entry("PUT", "https://api.example/sent", [("Origin", App), ("X-Api-Key", "1")], 200, [("Access-Control-Allow-Origin", App)], 0, "fetch"),
            Entry("PUT", "https://api.example/lost", [("Origin", App)], -1, [], 0.1, "fetch"));
        Assert.True(HarReader.TryRead(har, out var log, out _));
        var report = HarJudge.Judge(log, CredentialsMode.Omit);
        Assert.Equal(HarPreflightPairing.NotRecordedButPassed, report.Findings[0].Pairing);
        Assert.False(report.Findings[0].Primary.Blocked);
        Assert.Equal(HarPreflightPairing.Missing, report.Findings[1].Pairing);
        Assert.NotNull(report.Findings[1].Incomplete);
        Assert.Null(report.Findings[1].Primary.Code);
    }

    [Fact]
    public void A_no_cors_fetch_is_not_judged_when_the_wire_headers_say_so()
    {
        // fetch(url, {mode: 'no-cors'}): DevTools calls it "fetch", but the response is opaque and never CORS-checked;
        // Sec-Fetch-Mode carries the request's mode (Fetch Metadata §2.3).
        var har = Log("WebInspector", App + "/",
            Entry("GET", "https://api.example/beacon", [("Sec-Fetch-Mode", "no-cors"), ("Referer", App + "/")], 200, [], 0, "fetch"),
            Entry("GET", "https://api.example/data", [("Sec-Fetch-Mode", "cors"), ("Origin", App)], 200, [], 0.1, "fetch"));
        Assert.True(HarReader.TryRead(har, out var log, out _));
        var report = HarJudge.Judge(log, CredentialsMode.Omit);
        Assert.Equal(1, report.NotCrossOrigin);
        Assert.Equal("https://api.example/data", Assert.Single(report.Findings).Url);
    }

    [Fact]
    public void A_same_origin_request_redirected_to_another_origin_is_judged_from_that_hop()
    {
        // Fetch §4.4: the hop to api.example is cross-origin, so its response must pass the CORS check (§4.10).
        var har = Log("WebInspector", App + "/",
            Entry("GET", App + "/api/x", [("Sec-Fetch-Mode", "cors"), ("Referer", App + "/")], 302, [("Location", "https://api.example/x")], 0, "fetch"),
            Entry("GET", "https://api.example/x", [("Sec-Fetch-Mode", "cors"), ("Origin", App)], 200, [], 0.1, "fetch", error: "net::ERR_FAILED"));
        Assert.True(HarReader.TryRead(har, out var log, out _));
        var finding = Assert.Single(HarJudge.Judge(log, CredentialsMode.Omit).Findings);
        Assert.Equal(2, finding.Hops.Count);
        Assert.Equal(HarOriginSource.Referer, finding.OriginSource);
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, finding.Primary.Code);
    }

    public static TheoryData<string> NotHar() =>
    [
        "", "   ", "{", "[]", "null", "{\"log\":1}", "{\"log\":{}}", "{\"log\":{\"entries\":{}}}", "not json at all",
        new string('[', 100_000), "{\"log\":{\"entries\":[" + new string('[', 1000) + "]}}",
    ];

    [Theory]
    [MemberData(nameof(NotHar))]
    public void Text_that_is_not_a_HAR_is_refused_with_a_sentence(string text)
    {
        Assert.False(HarReader.TryRead(text, out var log, out var error));
        Assert.Null(log);
        Assert.EndsWith(".", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_of_the_wrong_type_are_read_as_absent()
    {
        const string har = """
            {"log":{"creator":7,"pages":"x","entries":[
              1, "x", null, {}, {"request":{"method":3,"url":"https://a.example/"}},
              {"request":{"method":"GET","url":"https://api.example/x","headers":[1,{"name":5},{"name":"Origin","value":"https://app.example"}]},
               "response":{"status":"200","headers":{"a":1}},"startedDateTime":"yesterday","_initiator":"script"}
            ]}}
            """;
        Assert.True(HarReader.TryRead(har, out var log, out var error), error);
        Assert.Equal(5, log.Skipped);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(200, entry.Status);
        Assert.Null(entry.Started);
        Assert.Equal("script", entry.InitiatorType);
        var finding = Assert.Single(HarJudge.Judge(log).Findings);
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, finding.Primary.Code);
    }

    private const string Punctuation = "{}[]\",:0 \\";

    /// <summary>Random bytes and mutated HAR files: the reader and the judge never throw.</summary>
    [Fact]
    public void Arbitrary_and_mutated_input_never_throws()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var valid = Encoding.UTF8.GetBytes(Log("WebInspector", App + "/",
            Entry("PUT", "https://api.example/a", [("Origin", App), ("X-A", "1")], 307, [("Access-Control-Allow-Origin", App), ("Location", "/b")], 0, "fetch"),
            Entry("OPTIONS", "https://api.example/a", [("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-a"), ("Origin", App)], 204,
                [("Access-Control-Allow-Origin", App), ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "x-a")], 0.001, "preflight",
                new JsonObject { ["type"] = "preflight" }),
            Entry("PUT", "https://api.example/b", [("Origin", "null"), ("Cookie", "")], 200, [("Access-Control-Allow-Origin", "null")], 0.01, "fetch")));
        var judged = 0;
        for (var i = 0; i < 3000; i++)
        {
            byte[] bytes;
            if (i % 3 == 0)
            {
                bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = [.. valid];
                for (var m = random.Next(1, 8); m > 0; m--)
                {
                    var at = random.Next(bytes.Length);
                    bytes[at] = i % 3 == 1 ? (byte)random.Next(256) : (byte)Punctuation[random.Next(Punctuation.Length)];
                }

                if (random.Next(4) == 0)
                {
                    bytes = bytes[..random.Next(bytes.Length)];
                }
            }

            var text = Encoding.UTF8.GetString(bytes);
            try
            {
                if (HarReader.TryRead(text, out var log, out _))
                {
                    HarJudge.Judge(log);
                    judged++;
                }
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, input {i}: {ex.GetType().Name}: {ex.Message}\n{text}");
            }
        }

        Assert.True(judged > 100, $"only {judged} mutated files were still HAR files (seed {seed})");
    }
}
