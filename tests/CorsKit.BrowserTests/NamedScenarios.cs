using CorsKit.BrowserTests.Harness;
using static CorsKit.BrowserTests.Harness.Build;

namespace CorsKit.BrowserTests;

/// <summary>What a browser is pinned to do in a named scenario (observed in the installed browser; where that
/// differs from the Fetch standard or the research digest, the case says so and docs/browser-verification.md lists
/// it). <see cref="Acrh"/> "" means "no Access-Control-Request-Headers"; null means not asserted.</summary>
public sealed record Expect(bool Allowed, bool Preflight, string? CorsError = null, string? FailedParameter = null,
    string? Acrh = null, bool? Readable = null, string? Acrm = null, string? FinalOrigin = null, string? LastPreflightOrigin = null,
    int? PreflightCount = null);

/// <summary>A hand-written case from the digest's edge-case table (§7), pinned for each browser (WebKit: WebKitGTK's
/// MiniBrowser, the engine Safari shares).</summary>
public sealed record NamedCase(string Name, Scenario Scenario, Expect Chromium, Expect Firefox, Expect WebKit)
{
    public override string ToString() => Name;
}

/// <summary>The named scenarios. Ids start at <see cref="FirstId"/> so they never collide with generated ones.</summary>
public static class NamedScenarios
{
    /// <summary>The id of the first named scenario.</summary>
    public const int FirstId = 900_000;

    private const string Page = "{page}";

    /// <summary>Every named case, ids assigned.</summary>
    public static IReadOnlyList<NamedCase> All { get; } = Create();

    /// <summary>xunit member data: the case names.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (NamedCase c in All)
        {
            data.Add(c.Name);
        }
        return data;
    }

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static NamedCase Get(string name) => All.Single(c => c.Name == name);

    private static List<NamedCase> Create()
    {
        var list = new List<NamedCase>();
        // WebKit is pinned where it differs from Firefox (which itself defaults to Chromium).
        void Add(string name, Scenario s, Expect chromium, Expect? firefox = null, Expect? webkit = null) =>
            list.Add(new NamedCase(name, s with { Id = FirstId + list.Count, Name = name }, chromium, firefox ?? chromium, webkit ?? firefox ?? chromium));

        ResponseSpec Pf(string? methods = null, string? headers = null, params Line[] extra)
        {
            var lines = new List<Line> { Acao() };
            if (methods is not null) lines.Add(Acam(methods));
            if (headers is not null) lines.Add(Acah(headers));
            lines.AddRange(extra);
            return new ResponseSpec(200, lines);
        }

        // §7 #1: "patch" is not normalised; the preflight asks for "patch" and ACAM "PATCH" does not cover it.
        Add("patch-lowercase-vs-ACAM-PATCH", Named("", Req("patch"), Hop(Ok(), Pf("PATCH"))),
            new Expect(false, true, "MethodDisallowedByPreflightResponse", "patch", Acrm: "patch", Acrh: ""));
        Add("patch-lowercase-vs-ACAM-patch", Named("", Req("patch"), Hop(Ok(), Pf("patch"))),
            new Expect(true, true, Acrm: "patch", Acrh: ""));
        // §7 #2: "delete" is normalised to DELETE, so ACAM "delete" does not cover it.
        Add("delete-lowercase-vs-ACAM-delete", Named("", Req("delete"), Hop(Ok(), Pf("delete"))),
            new Expect(false, true, "MethodDisallowedByPreflightResponse", "DELETE", Acrm: "DELETE"));
        Add("put-lowercase-normalised", Named("", Req("put", body: "x"), Hop(Ok(), Pf("PUT"))),
            new Expect(true, true, Acrm: "PUT", Acrh: ""));
        // §7 #3: safelisted methods never need listing.
        Add("post-with-header-ACAM-get", Named("", Req("POST", "include", "x", H("X-Test", "1")),
                Hop(R(200, Acao(), Acac(), H(ReadHeader, "1")), Pf("get", "x-test", Acac()))),
            new Expect(true, true, Acrm: "POST", Acrh: "x-test"));
        // §7 #4: credentialed, ACAM "*" is a literal.
        Add("credentialed-PUT-ACAM-star", Named("", Req("PUT", "include"),
                Hop(R(200, Acao(), Acac()), Pf("*", null, Acac()))),
            new Expect(false, true, "MethodDisallowedByPreflightResponse", "PUT"));
        // §7 #5
        Add("uncredentialed-star-star", Named("", Req("PUT", "omit", null, H("X-Test", "1")), Hop(Ok(), Pf("*", "*"))),
            new Expect(true, true, Acrh: "x-test"));
        Add("credentialed-ACAH-star-literal", Named("", Req("GET", "include", null, H("X-Test", "1")),
                Hop(R(200, Acao(), Acac()), Pf(null, "*", Acac()))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "x-test", Acrh: "x-test"));
        // §7 #7: the spec says "*" never covers Authorization; both browsers let it (digest §3.1, §4.1).
        Add("authorization-vs-ACAH-star", Named("", Req("GET", "omit", null, H("Authorization", "Bearer t")), Hop(Ok(), Pf(null, "*"))),
            new Expect(true, true, Acrh: "authorization"));
        Add("authorization-not-listed", Named("", Req("GET", "omit", null, H("Authorization", "Bearer t")), Hop(Ok(), Pf(null, "x-other"))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "authorization", Acrh: "authorization"));
        // §7 #8, #9, #10, #14, #15, #69: the ACAO comparison is byte-exact after OWS trimming.
        Add("ACAO-trailing-slash", Named("", Req(), Hop(R(200, Acao(Page + "/")))),
            new Expect(false, false, "AllowOriginMismatch", "{page}/"));
        Add("ACAO-uppercase", Named("", Req(), Hop(R(200, Acao("{PAGE}")))),
            new Expect(false, false, "AllowOriginMismatch", "{PAGE}"));
        Add("ACAO-two-lines", Named("", Req(), Hop(R(200, Acao(), Acao()))),
            new Expect(false, false, "MultipleAllowOriginValues", "{page}, {page}"));
        Add("ACAO-star-and-origin-lines", Named("", Req(), Hop(R(200, Acao("*"), Acao()))),
            new Expect(false, false, "MultipleAllowOriginValues", "*, {page}"));
        Add("ACAO-empty", Named("", Req(), Hop(R(200, Acao("")))),
            new Expect(false, false, "InvalidAllowOriginValue", ""));
        Add("ACAO-null", Named("", Req(), Hop(R(200, Acao("null")))),
            new Expect(false, false, "AllowOriginMismatch", "null"));
        Add("ACAO-garbage", Named("", Req(), Hop(R(200, Acao("not-an-origin")))),
            new Expect(false, false, "InvalidAllowOriginValue", "not-an-origin"));
        Add("ACAO-other-origin", Named("", Req(), Hop(R(200, Acao("{api}")))),
            new Expect(false, false, "AllowOriginMismatch", "{api}"));
        Add("ACAO-surrounding-whitespace", Named("", Req(), Hop(R(200, Acao("  " + Page + " "), H(ReadHeader, "1")))),
            new Expect(true, false));
        Add("ACAO-missing", Named("", Req(), Hop(R(200, H(ReadHeader, "1")))),
            new Expect(false, false, "MissingAllowOriginHeader", ""));
        // §7 #11, #12, #13
        Add("ACAO-star-credentialed", Named("", Req("GET", "include"), Hop(R(200, Acao("*"), Acac()))),
            new Expect(false, false, "WildcardOriginNotAllowed", ""));
        Add("ACAC-True", Named("", Req("GET", "include"), Hop(R(200, Acao(), Acac("True")))),
            new Expect(false, false, "InvalidAllowCredentials", "True"));
        Add("ACAC-missing", Named("", Req("GET", "include"), Hop(R(200, Acao()))),
            new Expect(false, false, "InvalidAllowCredentials", ""));
        Add("ACAC-two-lines", Named("", Req("GET", "include"), Hop(R(200, Acao(), Acac(), Acac()))),
            new Expect(false, false, "InvalidAllowCredentials", "true, true"));
        Add("ACAO-star-ACAC-true-uncredentialed", Named("", Req("GET", "omit"), Hop(R(200, Acao("*"), Acac(), H(ReadHeader, "1")))),
            new Expect(true, false, Readable: false));
        // §7 #17, #18, #19: Origin after redirects.
        Add("redirect-cross-to-cross-origin-null",
            Named("", Req(), Hop(Site.Api, R(200), Redirect(302, 1, false, Acao())), Hop(Site.ApiLocalhost, R(200), R(200, Acao("null"), H(ReadHeader, "1")))),
            new Expect(true, false, FinalOrigin: "null"));
        Add("redirect-cross-to-cross-needs-null",
            Named("", Req(), Hop(Site.Api, R(200), Redirect(302, 1, false, Acao())), Hop(Site.ApiLocalhost, R(200), R(200, Acao()))),
            new Expect(false, false, "AllowOriginMismatch", "{page}", FinalOrigin: "null"));
        Add("redirect-back-to-page-origin",
            Named("", Req(), Hop(Site.Api, R(200), Redirect(307, 1, false, Acao())), Hop(Site.Page, R(200), R(200, Acao("*"), H(ReadHeader, "1")))),
            new Expect(true, false, FinalOrigin: "null"));
        Add("same-origin-then-cross",
            Named("", Req(), Hop(Site.Page, R(200), Redirect(302, 1)), Hop(Site.Api, R(200), Ok())),
            new Expect(true, false, FinalOrigin: "{page}"));
        // After a tainting redirect Chromium sends Origin: null on the new preflight and the actual request; Firefox 153
        // sends the page's origin on the preflight but null on the actual request (observed; Fetch says null for both).
        // WebKitGTK 2.50 does as Chromium (NetworkLoadChecker::checkCORSRedirectedRequest makes the origin unique).
        var taintedNull = new Expect(true, true, FinalOrigin: "null", LastPreflightOrigin: "null");
        Add("preflight-after-tainting-redirect",
            Named("", Req("PUT", "omit"), Hop(Site.Api, Pf("PUT"), Redirect(307, 1, false, Acao())),
                Hop(Site.ApiLocalhost, R(200, Acao("*"), Acam("PUT")), R(200, Acao("*"), H(ReadHeader, "1")))),
            taintedNull,
            new Expect(true, true, FinalOrigin: "null", LastPreflightOrigin: "{page}"),
            taintedNull);
        Add("preflight-after-tainting-redirect-ACAO-null",
            Named("", Req("PUT", "omit"), Hop(Site.Api, Pf("PUT"), Redirect(307, 1, false, Acao())),
                Hop(Site.ApiLocalhost, R(200, Acao("null"), Acam("PUT")), R(200, Acao("null"), H(ReadHeader, "1")))),
            taintedNull,
            new Expect(false, true, LastPreflightOrigin: "{page}"),
            taintedNull);
        // §7 #20, #21, #22
        Add("redirect-without-ACAO", Named("", Req(), Hop(Site.Api, R(200), Redirect(301, 1)), Hop(Site.Api, R(200), Ok())),
            new Expect(false, false, "MissingAllowOriginHeader", ""));
        Add("redirect-with-userinfo", Named("", Req(), Hop(Site.Api, R(200), Redirect(302, 1, true, Acao())), Hop(Site.Api, R(200), Ok())),
            new Expect(false, false, "RedirectContainsCredentials", null));
        Add("preflight-redirected", Named("", Req("PUT"), Hop(Site.Api, Redirect(307, 0, false, Acao(), Acam("PUT")), Ok())),
            new Expect(false, true, "PreflightDisallowedRedirect", ""));
        // A 303 turns the preflighted PUT into a plain GET without Content-Type (Fetch §4.5 step 12). Chromium sends
        // no new preflight for it; Firefox 153 does (ACRM GET, no ACRH) and fails here because hop 1's preflight
        // answer has no ACAO. Observed; the Fetch standard re-runs main fetch, which needs no preflight for a GET.
        // WebKitGTK 2.50 preflights it too, and still lists content-type, which the GET no longer carries
        // (NetworkLoadChecker builds every preflight from the script's original headers), so even the second case fails.
        Add("preflighted-then-303-to-get",
            Named("", Req("PUT", "omit", "x", H("Content-Type", "application/json")),
                Hop(Site.Api, Pf("PUT", "content-type"), Redirect(303, 1, false, Acao())), Hop(Site.Api, R(204), Ok())),
            new Expect(true, true, Acrh: "content-type"),
            new Expect(false, true, Acrh: "content-type"));
        Add("preflighted-then-303-to-get-preflight-ok",
            Named("", Req("PUT", "omit", "x", H("Content-Type", "application/json")),
                Hop(Site.Api, Pf("PUT", "content-type"), Redirect(303, 1, false, Acao())), Hop(Site.Api, R(204, Acao()), Ok())),
            new Expect(true, true, Acrh: "content-type"), webkit: new Expect(false, true, Acrh: "content-type", PreflightCount: 2));
        // §7 #23, #24, #25
        Add("preflight-404-no-ACAO", Named("", Req("PUT"), Hop(Ok(), R(404))),
            new Expect(false, true, "PreflightMissingAllowOriginHeader", ""));
        Add("preflight-404-with-ACAO", Named("", Req("PUT"), Hop(Ok(), R(404, Acao(), Acam("PUT")))),
            new Expect(false, true, "PreflightInvalidStatus", ""));
        Add("preflight-204", Named("", Req("PUT"), Hop(Ok(), R(204, Acao(), Acam("PUT")))), new Expect(true, true));
        Add("preflight-ACAO-star-credentialed", Named("", Req("PUT", "include"), Hop(Ok(), R(200, Acao("*"), Acam("PUT"), Acac()))),
            new Expect(false, true, "PreflightWildcardOriginNotAllowed", ""));
        Add("preflight-ACAC-missing", Named("", Req("PUT", "include"), Hop(Ok(), R(200, Acao(), Acam("PUT")))),
            new Expect(false, true, "PreflightInvalidAllowCredentials", ""));
        Add("preflight-two-ACAO", Named("", Req("PUT"), Hop(Ok(), R(200, Acao(), Acao(), Acam("PUT")))),
            new Expect(false, true, "PreflightMultipleAllowOriginValues", "{page}, {page}"));
        // §7 #26, #27
        Add("ACAM-syntax-error-unneeded", Named("", Req("GET", "omit", null, H("X-Test", "1")), Hop(Ok(), Pf("Bad value", "x-test"))),
            new Expect(false, true, "InvalidAllowMethodsPreflightResponse", ""));
        Add("ACAH-syntax-error", Named("", Req("PUT"), Hop(Ok(), Pf("PUT", "x-a y"))),
            new Expect(false, true, "InvalidAllowHeadersPreflightResponse", ""));
        Add("ACAH-empty-elements", Named("", Req("GET", "omit", null, H("X-Print", "1")), Hop(Ok(), Pf(null, ",y-lol,x-print, ,,,y-print"))),
            new Expect(true, true, Acrh: "x-print"));
        Add("ACAM-two-lines", Named("", Req("DELETE"), Hop(Ok(), Pf(null, null, Acam("GET"), Acam("DELETE")))),
            new Expect(true, true, Acrm: "DELETE"));
        Add("max-age-garbage", Named("", Req("PUT"), Hop(Ok(), Pf("PUT", null, MaxAge("abc")))), new Expect(true, true));
        // §7 #35–#43: request-header safelisting.
        Add("content-type-text-plain-charset", Named("", Req("POST", "omit", "x", H("Content-Type", "Text/Plain;charset=utf-8")), Hop(Ok())),
            new Expect(true, false));
        Add("content-type-json", Named("", Req("POST", "omit", "x", H("Content-Type", "application/json")), Hop(Ok(), Pf(null, "content-type"))),
            new Expect(true, true, Acrh: "content-type"));
        Add("content-type-garbage-param", Named("", Req("POST", "omit", "x", H("Content-Type", "text/plain;garbage")), Hop(Ok())),
            new Expect(true, false));
        Add("content-type-quote", Named("", Req("POST", "omit", "x", H("Content-Type", "multipart/form-data;\"")), Hop(Ok(), Pf(null, null))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "content-type", Acrh: "content-type"));
        Add("content-type-list", Named("", Req("POST", "omit", "x", H("Content-Type", "text/plain,text/plain")), Hop(Ok(), Pf(null, "content-type"))),
            new Expect(true, true, Acrh: "content-type"));
        // §7 #40 (derived, unverified in the digest): two Content-Type lines are combined to "text/plain, text/plain".
        Add("content-type-appended-twice", Named("", Req("POST", "omit", "x", H("Content-Type", "text/plain"), H("Content-Type", "text/plain")), Hop(Ok(), Pf(null, "content-type"))),
            new Expect(true, true, Acrh: "content-type"));
        // Two safelisted Content-Type lines are combined ("Text/Plain;charset=utf-8, Text/Plain;charset=utf-8"):
        // Chromium's MIME parser reads ", Text/Plain…" as part of the charset parameter, so it stays safelisted;
        // Firefox 153 preflights; WebKitGTK 2.50 does not. (Observed; settles the digest's §7 #40 "derived, unverified".)
        Add("content-type-charset-appended-twice",
            Named("", Req("POST", "omit", "x", H("Content-Type", "Text/Plain;charset=utf-8"), H("Content-Type", "text/plain;charset=utf-8")), Hop(Ok(), Pf(null, null))),
            new Expect(true, false),
            new Expect(false, true, Acrh: "content-type"),
            new Expect(true, false));
        Add("range-safelisted", Named("", Req("GET", "omit", null, H("Range", "bytes=100-200")), Hop(Ok())), new Expect(true, false));
        Add("range-suffix", Named("", Req("GET", "omit", null, H("Range", "bytes=-200")), Hop(Ok(), Pf(null, "range"))),
            new Expect(true, true, Acrh: "range"));
        Add("accept-128-bytes", Named("", Req("GET", "omit", null, H("Accept", new string('a', 128))), Hop(Ok())), new Expect(true, false));
        Add("accept-129-bytes", Named("", Req("GET", "omit", null, H("Accept", new string('a', 129))), Hop(Ok(), Pf(null, "accept"))),
            new Expect(true, true, Acrh: "accept"));
        Add("accept-language-at", Named("", Req("GET", "omit", null, H("Accept-Language", "@")), Hop(Ok(), Pf(null, null))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "accept-language", Acrh: "accept-language"));
        // §7 #46: sorted, lowercased, de-duplicated, no spaces.
        Add("acrh-sorted", Named("", Req("GET", "omit", null, H("X-B", "1"), H("x-a", "1"), H("X-A", "2")), Hop(Ok(), Pf(null, "X-A, X-B"))),
            new Expect(true, true, Acrh: "x-a,x-b"));
        // Firefox 153 with headers passed as a sequence: each entry is safelisted on its own and each unsafe entry is
        // listed (duplicates kept); a Headers object combines them first. Chromium and WebKitGTK 2.50 combine in both cases.
        var combinedContentType = new Expect(true, true, Acrh: "content-type");
        Add("content-type-twice-as-sequence",
            Named("", Req("GET", "omit", null, H("Content-Type", "text/plain"), H("content-type", "text/plain")) with { Sequence = true }, Hop(Ok(), Pf(null, "content-type"))),
            combinedContentType,
            new Expect(true, false),
            combinedContentType);
        var combinedNames = new Expect(true, true, Acrh: "x-a,x-b");
        Add("acrh-sorted-header-sequence", Named("", Req("GET", "omit", null, H("X-B", "1"), H("x-a", "1"), H("X-A", "2")) with { Sequence = true }, Hop(Ok(), Pf(null, "X-A, X-B"))),
            combinedNames,
            new Expect(true, true, Acrh: "x-a,x-a,x-b"),
            combinedNames);
        Add("acrh-first-offender", Named("", Req("GET", "omit", null, H("X-B", "1"), H("X-A", "1")), Hop(Ok(), Pf(null, "x-c"))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "x-a", Acrh: "x-a,x-b"));
        // Which offender Chromium names when several headers are refused. Observed: independent of the script's order
        // and neither sorted nor request order (if-none-match before accept, cache-control before accept-language,
        // range before x-a, x-a before x-b) — most likely the slot order of Blink's header hash map. Pinned as seen.
        Add("offender-order-accept-first", Named("", Req("GET", "omit", null, H("Accept", "\"q\""), H("If-None-Match", "\"v\"")), Hop(Ok(), Pf(null, ""))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "if-none-match", Acrh: "accept,if-none-match"));
        Add("offender-order-if-none-match-first", Named("", Req("GET", "omit", null, H("If-None-Match", "\"v\""), H("Accept", "\"q\"")), Hop(Ok(), Pf(null, ""))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "if-none-match", Acrh: "accept,if-none-match"));
        Add("offender-order-cache-control", Named("", Req("POST", "omit", "x", H("Accept-Language", "@"), H("Cache-Control", "no-cache")), Hop(Ok(), Pf(null, ""))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "cache-control", Acrh: "accept-language,cache-control"));
        Add("offender-order-two-bad-values", Named("", Req("GET", "omit", null, H("Content-Language", "@"), H("Accept", "\"q\"")), Hop(Ok(), Pf(null, ""))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "accept", Acrh: "accept,content-language"));
        Add("offender-order-x-z-vs-accept", Named("", Req("GET", "omit", null, H("Accept", "\"q\""), H("X-Z", "1")), Hop(Ok(), Pf(null, ""))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "x-z", Acrh: "accept,x-z"));
        Add("offender-order-range-vs-x-a", Named("", Req("GET", "omit", null, H("Range", "bytes=-200"), H("X-A", "1")), Hop(Ok(), Pf(null, ""))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "range", Acrh: "range,x-a"));
        Add("offender-order-three", Named("", Req("GET", "omit", null, H("Accept", "\"q\""), H("X-Z", "1"), H("Cache-Control", "x")), Hop(Ok(), Pf(null, ""))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "cache-control", Acrh: "accept,cache-control,x-z"));
        // §7 #47, #48, #49
        Add("user-agent-set-by-script", Named("", Req("GET", "omit", null, H("User-Agent", "foo")), Hop(Ok(), Pf(null, null))),
            new Expect(true, false),
            new Expect(false, true, Acrh: "user-agent"));
        Add("client-hint-dpr", Named("", Req("GET", "omit", null, H("DPR", "2")), Hop(Ok(), Pf(null, null))),
            new Expect(true, false),
            new Expect(false, true, Acrh: "dpr"));
        Add("method-override-forbidden", Named("", Req("GET", "omit", null, H("X-HTTP-Method-Override", "GET,track ")), Hop(Ok(), Pf(null, null))),
            new Expect(true, false));
        Add("forbidden-headers-dropped", Named("", Req("GET", "omit", null, H("Cookie", "a=b"), H("Sec-Foo", "1"), H("Proxy-Foo", "1"), H("Connection", "close")), Hop(Ok(), Pf(null, null))),
            new Expect(true, false));
        // §7 #50–#53: exposure.
        Add("ACEH-star-credentialed", Named("", Req("GET", "include"), Hop(R(200, Acao(), Acac(), Aceh("*"), H(ReadHeader, "1")))),
            new Expect(true, false, Readable: false));
        Add("ACEH-star-uncredentialed", Named("", Req("GET", "omit"), Hop(R(200, Acao(), Aceh("*"), H(ReadHeader, "1")))),
            new Expect(true, false, Readable: true));
        Add("ACEH-invalid-list", Named("", Req("GET", "omit"), Hop(R(200, Acao(), Aceh(ReadHeader + ", no no"), H(ReadHeader, "1")))),
            new Expect(true, false, Readable: false));
        Add("ACEH-exact", Named("", Req("GET", "omit"), Hop(R(200, Acao(), Aceh("x-CORSKIT-read"), H(ReadHeader, "1")))),
            new Expect(true, false, Readable: true));
        // The digest (§3.5) lists this as a Chromium WPT failure (not exposed); Chromium 156 and Firefox 153 expose it,
        // as the Fetch standard says (the combined value ", X-Corskit-Read" has an empty first element).
        Add("ACEH-empty-then-name", Named("", Req("GET", "omit"), Hop(R(200, Acao(), Aceh(""), Aceh(ReadHeader), H(ReadHeader, "1")))),
            new Expect(true, false, Readable: true));
        Add("ACEH-none", Named("", Req("GET", "omit"), Hop(R(200, Acao(), H(ReadHeader, "1")))),
            new Expect(true, false, Readable: false));
        Add("same-origin-custom-header", Named("", Req("PUT", "include", null, H("X-Test", "1")), Hop(Site.Page, R(500), R(200, H(ReadHeader, "1")))),
            new Expect(true, false, Readable: true));
        // Preflight cache (§7 #28–#34): the same URL requested again right after the first request settled. Values
        // are counts of preflights the server received for all steps.
        Scenario Cached(string maxAge, ScenarioRequest first, params ScenarioRequest[] then)
        {
            var pf = new List<Line> { Acao(), Acam("PUT, DELETE"), Acah("X-A"), Acac() };
            if (maxAge.Length > 0) pf.Add(MaxAge(maxAge));
            return Named("", first, Hop(R(200, Acao(), Acac(), H(ReadHeader, "1")), new ResponseSpec(200, pf))) with { Then = then };
        }
        ScenarioRequest Put(string credentials = "omit") => Req("PUT", credentials);
        // Firefox 153 (headless, fresh profile, loopback): a request made 300 ms after a successful preflight to the
        // same URL is preflighted again, whatever Max-Age (600, absent, garbage), method, credentials or wildcard.
        // Without the runner's pause, immediately consecutive requests sometimes reuse the entry (racy). Observed; the
        // cause was not determined. Chromium and WebKitGTK 2.50 reuse as the digest describes.
        var noReuse = new Expect(true, true, PreflightCount: 2);
        var reuse = new Expect(true, true, PreflightCount: 1);
        Add("cache-max-age-600", Cached("600", Put(), Put()), reuse, noReuse, reuse);
        Add("cache-max-age-0", Cached("0", Put(), Put()), new Expect(true, true, PreflightCount: 2));
        Add("cache-max-age-negative", Cached("-1", Put(), Put()), new Expect(true, true, PreflightCount: 2));
        Add("cache-max-age-absent-default-5s", Cached("", Put(), Put()), reuse, noReuse, reuse);
        Add("cache-max-age-garbage", Cached("abc", Put(), Put()), reuse, noReuse, reuse);
        Add("cache-two-methods-one-preflight", Cached("600", Put(), Req("DELETE", "omit")), reuse, noReuse, reuse);
        Add("cache-uncredentialed-then-credentialed", Cached("600", Put(), Put("include")), new Expect(true, true, PreflightCount: 2));
        Add("cache-credentialed-then-uncredentialed", Cached("600", Put("include"), Put()), reuse, noReuse, reuse);
        Add("cache-new-header-needs-preflight", Cached("600", Put(), Req("PUT", "omit", null, H("X-B", "1"))),
            new Expect(false, true, "HeaderDisallowedByPreflightResponse", "x-b", PreflightCount: 2));
        Add("cache-probe-no-acac", Named("", Put(), Hop(Ok(), R(200, Acao(), Acam("PUT"), MaxAge("600")))) with { Then = [Put()] },
            reuse, noReuse, reuse);
        Add("cache-probe-get-header", Named("", Req("GET", "omit", null, H("X-A", "1")), Hop(Ok(), R(200, Acao(), Acah("X-A"), MaxAge("600")))) with { Then = [Req("GET", "omit", null, H("X-A", "1"))] },
            reuse, noReuse, reuse);
        Add("cache-probe-star", Named("", Put(), Hop(R(200, Acao("*"), H(ReadHeader, "1")), R(200, Acao("*"), Acam("PUT"), MaxAge("600")))) with { Then = [Put()] },
            reuse, noReuse, reuse);
        // Chromium preflights again for Authorization admitted by a cached "*"; WebKitGTK 2.50 reuses the entry
        // (CrossOriginPreflightResultCache.cpp: "*" admits every header, Authorization included, when not credentialed).
        Add("cache-authorization-via-star",
            Named("", Req("GET", "omit", null, H("Authorization", "Bearer t")),
                Hop(Ok(), R(200, Acao(), Acah("*"), MaxAge("600")))) with { Then = [Req("GET", "omit", null, H("Authorization", "Bearer t"))] },
            noReuse, webkit: reuse);
        // XMLHttpRequest: same algorithm, Chromium words the console line "Access to XMLHttpRequest at …" and adds the
        // withCredentials sentence to the wildcard/credentials errors; an upload listener forces a preflight.
        ScenarioRequest Xhr(string method = "GET", string credentials = "same-origin", string? body = null, bool upload = false, params Line[] headers) =>
            new(method, headers, credentials, body, "xhr", upload);
        Add("xhr-wildcard-with-credentials", Named("", Xhr(credentials: "include"), Hop(R(200, Acao("*"), Acac()))),
            new Expect(false, false, "WildcardOriginNotAllowed", ""));
        Add("xhr-ACAC-missing", Named("", Xhr(credentials: "include"), Hop(R(200, Acao()))),
            new Expect(false, false, "InvalidAllowCredentials", ""));
        Add("xhr-upload-listener-forces-preflight", Named("", Xhr("POST", body: "x", upload: true), Hop(Ok(), R(200, Acao()))),
            new Expect(true, true, Acrm: "POST", Acrh: ""));
        // Chromium sets the use-CORS-preflight flag only when there is a body (XHR send() step 4); Firefox 153
        // preflights whenever an upload listener is registered, even for a bodiless POST, GET or HEAD. Observed.
        Add("xhr-upload-listener-without-body", Named("", Xhr("POST", upload: true), Hop(Ok(), R(200, Acao()))),
            new Expect(true, false),
            new Expect(true, true, Acrm: "POST", Acrh: ""));
        // A same-origin request redirected to a same-origin URL with user:pass@ is not a CORS case (the Fetch
        // standard follows it, and so does Firefox 153); Chromium 156 aborts it (net::ERR_ABORTED, no CorsError).
        Add("same-origin-redirect-to-userinfo", Named("", Req(), Hop(Site.Page, R(200), Redirect(302, 1, true)), Hop(Site.Page, R(200), R(200, H(ReadHeader, "1")))),
            new Expect(false, false),
            new Expect(true, false, Readable: true));
        Add("xhr-custom-header-readable", Named("", Xhr("PUT", headers: H("X-Test", "1")), Hop(R(200, Acao(), Aceh(ReadHeader), H(ReadHeader, "1")), R(200, Acao(), Acam("PUT"), Acah("x-test")))),
            new Expect(true, true, Acrh: "x-test", Readable: true));
        Add("actual-500-still-allowed", Named("", Req(), Hop(R(500, Acao(), H(ReadHeader, "1")))), new Expect(true, false));
        return list;
    }
}
