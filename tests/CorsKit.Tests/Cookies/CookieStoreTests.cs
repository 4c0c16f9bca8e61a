using CorsKit.Cookies;
using CorsKit.Model;
using CorsKit.Origins;
using CorsKit.Tests.Model;

namespace CorsKit.Tests.Cookies;

/// <summary>
/// The storage model (RFC 6265bis §5.7) and retrieval (§5.8.3) with each engine's behaviour. Expected outcomes per
/// engine are those seen in the real browsers on loopback (issue 14; /work/coord/cookie-observations.md): the page on
/// http://app.localhost, the API on http://api.localhost (another site), both potentially trustworthy.
/// </summary>
public class CookieStoreTests
{
    private static readonly Origin App = Origin.Parse("http://app.localhost:8000");
    private static readonly Origin Api = Origin.Parse("http://api.localhost:9000");
    private static readonly Uri ApiUrl = new("http://api.localhost:9000/me");
    private static readonly Uri AppUrl = new("http://app.localhost:8000/me");

    private static CookieStore Store(CookieBehaviour behaviour, ManualClock? clock = null) => new(behaviour, clock ?? new ManualClock());

    /// <summary>The API sets <paramref name="line"/> first-party (user logged in at the API site), then the app's page
    /// fetches the API with credentials: include.</summary>
    private static CookieAttachment FirstPartyThenCrossSite(CookieBehaviour behaviour, string line)
    {
        var store = Store(behaviour);
        Assert.True(store.Receive(line, ApiUrl, Api).Stored, line);
        return store.Attach(ApiUrl, App, CredentialsMode.Include, includeCredentials: true);
    }

    [Theory]
    [InlineData("sid=1; SameSite=Lax", CookieExclusion.SameSiteLaxNotTopLevelNavigation)]
    [InlineData("sid=1; SameSite=Strict", CookieExclusion.SameSiteStrictCrossSite)]
    [InlineData("sid=1", CookieExclusion.SameSiteUnspecifiedTreatedAsLax)]
    [InlineData("sid=1; SameSite=None; Secure", CookieExclusion.ThirdPartyBlocked)]
    public void Chromium_leaves_first_party_cookies_out_of_cross_site_fetches(string line, CookieExclusion reason)
    {
        var attachment = FirstPartyThenCrossSite(CookieBehaviour.Chromium, line);
        Assert.Null(attachment.Header);
        Assert.Equal(reason, Assert.Single(attachment.Decisions).Exclusion);
    }

    [Fact]
    public void Google_Chrome_sends_SameSite_None_Secure_cross_site()
    {
        Assert.Equal("sid=1", FirstPartyThenCrossSite(CookieBehaviour.Chrome, "sid=1; SameSite=None; Secure").Header);
        Assert.Equal(CookieExclusion.SameSiteLaxNotTopLevelNavigation,
            Assert.Single(FirstPartyThenCrossSite(CookieBehaviour.Chrome, "sid=1; SameSite=Lax").Decisions).Exclusion);
    }

    [Fact]
    public void Chromium_partitioned_cookie_from_a_cross_site_response_goes_back_only_under_the_same_top_level_site()
    {
        var store = Store(CookieBehaviour.Chromium);
        var set = store.Receive("p=1; SameSite=None; Secure; Partitioned", ApiUrl, App);
        Assert.True(set.Stored);
        Assert.Equal("http://app.localhost", set.Cookie!.PartitionKey);
        Assert.Equal(SetCookieRejection.ThirdPartyBlocked, store.Receive("u=1; SameSite=None; Secure", ApiUrl, App).Rejection);
        Assert.Equal(SetCookieRejection.PartitionedWithoutSecure, store.Receive("q=1; Partitioned", ApiUrl, Api).Rejection);

        Assert.Equal("p=1", store.Attach(ApiUrl, App, CredentialsMode.Include, true).Header);
        var elsewhere = store.Attach(ApiUrl, Origin.Parse("http://other.localhost"), CredentialsMode.Include, true);
        Assert.Equal(CookieExclusion.PartitionedForOtherTopLevelSite, Assert.Single(elsewhere.Decisions).Exclusion);
        // The API as the top-level site does not see it either.
        Assert.Equal(CookieExclusion.PartitionedForOtherTopLevelSite, Assert.Single(store.Attach(ApiUrl, Api, CredentialsMode.Include, true).Decisions).Exclusion);
    }

    [Fact]
    public void Firefox_partitions_cross_site_cookies_and_a_missing_SameSite_acts_like_None_without_Secure()
    {
        var store = Store(CookieBehaviour.Firefox);
        var set = store.Receive("sid=1", ApiUrl, App);
        Assert.True(set.Stored);
        Assert.Equal("http://app.localhost", set.Cookie!.PartitionKey);
        Assert.Equal(SetCookieRejection.SameSiteLaxCrossSite, store.Receive("lax=1; SameSite=Lax", ApiUrl, App).Rejection);
        Assert.Equal("sid=1", store.Attach(ApiUrl, App, CredentialsMode.Include, true).Header);
        Assert.Null(store.Attach(ApiUrl, Origin.Parse("http://other.localhost"), CredentialsMode.Include, true).Header);

        // A cookie set first-party lives outside the partition a cross-site fetch reads.
        var first = FirstPartyThenCrossSite(CookieBehaviour.Firefox, "fp=1; SameSite=None; Secure");
        Assert.Equal(CookieExclusion.ThirdPartyPartitioned, Assert.Single(first.Decisions).Exclusion);
    }

    [Fact]
    public void WebKitGtk_refuses_cross_site_set_but_sends_first_party_cookies_cross_site()
    {
        var store = Store(CookieBehaviour.WebKitGtk);
        Assert.Equal(SetCookieRejection.ThirdPartyBlocked, store.Receive("x=1; SameSite=None", ApiUrl, App).Rejection);
        Assert.Equal("a=1", FirstPartyThenCrossSite(CookieBehaviour.WebKitGtk, "a=1").Header);
        Assert.Equal("n=1", FirstPartyThenCrossSite(CookieBehaviour.WebKitGtk, "n=1; SameSite=None").Header); // no Secure needed
        Assert.Equal("p=1", FirstPartyThenCrossSite(CookieBehaviour.WebKitGtk, "p=1; SameSite=None; Partitioned").Header); // Partitioned ignored
        Assert.Null(FirstPartyThenCrossSite(CookieBehaviour.WebKitGtk, "l=1; SameSite=Lax").Header);
    }

    [Fact]
    public void Safari_with_tracking_prevention_sends_nothing_cross_site() =>
        Assert.Equal(CookieExclusion.ThirdPartyBlocked, Assert.Single(FirstPartyThenCrossSite(CookieBehaviour.Safari, "a=1; SameSite=None").Decisions).Exclusion);

    [Fact]
    public void Secure_over_plain_http_loopback_is_stored_by_Chromium_and_Firefox_never_by_WebKit()
    {
        Assert.True(Store(CookieBehaviour.Chromium).Receive("s=1; Secure", ApiUrl, Api).Stored);
        Assert.True(Store(CookieBehaviour.Firefox).Receive("s=1; Secure", ApiUrl, Api).Stored);
        Assert.Equal(SetCookieRejection.SecureOverInsecureScheme, Store(CookieBehaviour.WebKitGtk).Receive("s=1; Secure", ApiUrl, Api).Rejection);
        // Not loopback: plain http is insecure for everyone.
        Assert.Equal(SetCookieRejection.SecureOverInsecureScheme,
            Store(CookieBehaviour.Chromium).Receive("s=1; Secure", new Uri("http://api.example/"), Origin.Parse("http://api.example")).Rejection);
    }

    [Fact]
    public void Credentials_mode_decides_first()
    {
        var store = Store(CookieBehaviour.Chrome);
        store.Receive("sid=1; SameSite=None; Secure", ApiUrl, Api);
        Assert.Equal(CookieExclusion.CredentialsModeOmit, Assert.Single(store.Attach(ApiUrl, App, CredentialsMode.Omit, false).Decisions).Exclusion);
        Assert.Equal(CookieExclusion.CredentialsSameOriginCrossOrigin, Assert.Single(store.Attach(ApiUrl, App, CredentialsMode.SameOrigin, false).Decisions).Exclusion);
        // Fetch §4.6: a response to a request without credentials stores nothing.
        Assert.Equal(SetCookieRejection.CredentialsNotIncluded, store.Receive("x=1", ApiUrl, Api, includeCredentials: false).Rejection);
    }

    [Fact]
    public void Host_only_domain_and_path_rules()
    {
        var store = Store(CookieBehaviour.Chromium);
        var url = new Uri("https://www.shop.example/account/orders");
        var top = Origin.Parse("https://www.shop.example");
        Assert.Equal("/account", store.Receive("host=1", url, top).Cookie!.Path); // default-path (§5.1.4)
        Assert.True(store.Receive("dom=1; Domain=shop.example; Path=/", url, top).Stored);
        Assert.Equal(SetCookieRejection.DomainMismatch, store.Receive("x=1; Domain=other.example", url, top).Rejection);
        Assert.Equal(SetCookieRejection.DomainIsPublicSuffix, store.Receive("x=1; Domain=example", url, top).Rejection);

        var sibling = store.Attach(new Uri("https://api.shop.example/account"), top, CredentialsMode.Include, true);
        Assert.Equal("dom=1", sibling.Header);
        Assert.Equal(CookieExclusion.DomainMismatch, sibling.LeftOut.Single().Exclusion);

        var root = store.Attach(new Uri("https://www.shop.example/accountx"), top, CredentialsMode.Include, true);
        Assert.Equal(CookieExclusion.PathMismatch, root.LeftOut.Single().Exclusion); // "/accountx" is not under "/account"
        // Longer path first (§5.8.3 step 2).
        Assert.Equal("host=1; dom=1", store.Attach(new Uri("https://www.shop.example/account/x"), top, CredentialsMode.Include, true).Header);
    }

    [Theory]
    // §5.1.4 path-match; WPT cookies/path/match.html.
    [InlineData("/", "/", true)]
    [InlineData("/docs", "/docs", true)]
    [InlineData("/docs/", "/docs", true)]
    [InlineData("/docs/web", "/docs", true)]
    [InlineData("/docsets", "/docs", false)]
    [InlineData("/doc", "/docs", false)]
    [InlineData("/docs/web", "/docs/", true)]
    public void Path_match(string requestPath, string cookiePath, bool expected) => Assert.Equal(expected, CookieStore.PathMatch(requestPath, cookiePath));

    [Theory]
    [InlineData("http://h/", "/")]
    [InlineData("http://h/a", "/")]
    [InlineData("http://h/a/", "/a")]
    [InlineData("http://h/a/b/c", "/a/b")]
    public void Default_path(string url, string expected) => Assert.Equal(expected, CookieStore.DefaultPath(new Uri(url)));

    [Fact]
    public void Expiry_follows_the_injected_clock_and_max_age_wins()
    {
        var clock = new ManualClock();
        var store = Store(CookieBehaviour.Chromium, clock);
        var top = Origin.Parse("https://a.example");
        var url = new Uri("https://a.example/");
        store.Receive("a=1; Max-Age=60; Expires=Fri, 01 Jan 2100 00:00:00 GMT", url, top);
        store.Receive("b=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT", url, top);
        Assert.Equal(clock.Now.AddDays(400), store.Cookies[1].Expires); // capped at 400 days (§5.6.1)
        clock.Advance(TimeSpan.FromSeconds(61));
        var attachment = store.Attach(url, top, CredentialsMode.Include, true);
        Assert.Equal("b=1", attachment.Header);
        Assert.Equal(CookieExclusion.Expired, attachment.LeftOut.Single().Exclusion);

        // An expiry in the past deletes the stored cookie (WPT cookies/attributes/max-age.html "Expire later cookie").
        var deleted = store.Receive("b=x; Max-Age=0", url, top);
        Assert.True(deleted.Deleted);
        Assert.DoesNotContain(store.Cookies, c => c.Name == "b");
    }

    [Theory]
    // §4.1.3 prefixes (WPT cookies/prefix/__host.explicit-path.https.window.js, cookies/rfc6265bis/prefix/).
    [InlineData("__Secure-a=1", SetCookieRejection.InvalidSecurePrefix)]
    [InlineData("__secure-a=1", SetCookieRejection.InvalidSecurePrefix)]
    [InlineData("__Host-a=1; Secure", SetCookieRejection.InvalidHostPrefix)] // no explicit Path=/
    [InlineData("__Host-a=1; Secure; Path=/; Domain=a.example", SetCookieRejection.InvalidHostPrefix)]
    [InlineData("__Host-a=1; Path=/", SetCookieRejection.InvalidHostPrefix)]
    [InlineData("__Host-x", SetCookieRejection.NamelessPrefixedValue)]
    public void Prefixes(string line, SetCookieRejection expected) =>
        Assert.Equal(expected, Store(CookieBehaviour.Chromium).Receive(line, new Uri("https://a.example/"), Origin.Parse("https://a.example")).Rejection);

    [Fact]
    public void A_valid_host_prefix_is_stored() =>
        Assert.True(Store(CookieBehaviour.Chromium).Receive("__Host-a=1; Secure; Path=/", new Uri("https://a.example/x/y"), Origin.Parse("https://a.example")).Stored);

    [Fact]
    public void Same_site_is_schemeful()
    {
        var store = Store(CookieBehaviour.Chrome);
        store.Receive("lax=1; SameSite=Lax; Secure; Domain=a.example", new Uri("https://a.example/"), Origin.Parse("https://a.example"));
        Assert.Equal("lax=1", store.Attach(new Uri("https://api.a.example/"), Origin.Parse("https://www.a.example"), CredentialsMode.Include, true).Header);
        var downgraded = store.Attach(new Uri("https://a.example/"), Origin.Parse("http://a.example"), CredentialsMode.Include, true);
        Assert.Equal(CookieExclusion.SameSiteLaxNotTopLevelNavigation, Assert.Single(downgraded.Decisions).Exclusion);
    }

    [Fact]
    public void A_plain_http_cookie_cannot_shadow_a_secure_one()
    {
        var store = Store(CookieBehaviour.Chromium);
        store.Receive("s=1; Secure", new Uri("https://a.example/"), Origin.Parse("https://a.example"));
        Assert.Equal(SetCookieRejection.OverwritesSecureCookie, store.Receive("s=2", new Uri("http://a.example/"), Origin.Parse("http://a.example")).Rejection);
    }

    [Fact]
    public void Every_reason_and_rejection_has_its_own_sentence()
    {
        var cookie = new Cookie { Name = "a", Value = "1", Domain = "a.example", PartitionKey = "https://b.example", Expires = DateTimeOffset.UnixEpoch };
        var reasons = Enum.GetValues<CookieExclusion>().Select(r => CookieReasons.Explain(r, cookie)).ToList();
        var rejections = Enum.GetValues<SetCookieRejection>().Select(r => CookieReasons.Explain(r, "a")).ToList();
        Assert.Equal(reasons.Count, reasons.Distinct().Count());
        Assert.Equal(rejections.Count, rejections.Distinct().Count());
        Assert.All(reasons.Concat(rejections), s => Assert.EndsWith(".", s));
    }

    [Fact]
    public void Arbitrary_set_cookie_lines_never_throw_in_any_engine()
    {
        // Fuzz: seeded random attribute soup (Domain and Path values over the whole char range included).
        var random = new Random(1414);
        string Text(int max) => new([.. Enumerable.Range(0, random.Next(0, max)).Select(_ => random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : "aZ.-_/%:[]"[random.Next(10)])]);
        string[] attributes = ["Domain", "Path", "Expires", "Max-Age", "SameSite", "Secure", "Partitioned", "HttpOnly"];
        foreach (var behaviour in new[] { CookieBehaviour.Chromium, CookieBehaviour.Chrome, CookieBehaviour.Firefox, CookieBehaviour.Safari, CookieBehaviour.WebKitGtk })
        {
            var store = Store(behaviour);
            for (var i = 0; i < 3_000; i++)
            {
                var line = (random.Next(5) == 0 ? "__Host-" : "") + Text(8) + "=" + Text(8)
                    + string.Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => "; " + attributes[random.Next(attributes.Length)] + "=" + Text(12)));
                var outcome = store.Receive(line, random.Next(2) == 0 ? ApiUrl : new Uri("https://[::1]:8443/a/b"), random.Next(2) == 0 ? App : Origin.Null, random.Next(4) != 0);
                Assert.Equal(outcome.Rejection is null, outcome.Stored || outcome.Deleted);
            }

            var attachment = store.Attach(ApiUrl, App, CredentialsMode.Include, true);
            Assert.Equal(store.Cookies.Count, attachment.Decisions.Count);
        }
    }
}
