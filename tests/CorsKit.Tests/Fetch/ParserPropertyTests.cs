using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using FsCheck;
using FsCheck.Fluent;

namespace CorsKit.Tests.Fetch;

/// <summary>Bad input never throws: every parser over arbitrary strings.</summary>
public class ParserPropertyTests
{
    private static readonly BrowserProfile[] Profiles = [BrowserProfile.Chromium, BrowserProfile.Firefox, BrowserProfile.Safari];

    /// <summary>Arbitrary strings, biased toward header-ish characters so the interesting branches are reached.</summary>
    private static Arbitrary<string> HeaderText()
    {
        var chars = Gen.OneOf(
            Gen.Elements("abcxyzABC019-_*,;=/\"\\ \t()<>@:?[]{}.'!#$%&^`|~\u0000\u000B\u007F\u00E9\u0100\r\n".ToCharArray()),
            ArbMap.Default.GeneratorFor<char>());
        var words = Gen.Elements("text/plain", "bytes=", "multipart/form-data", "application/x-www-form-urlencoded", "charset=", "*", "null", "https://a.example", "x-custom", "");
        var piece = Gen.OneOf(chars.Select(c => c.ToString()), words);
        return piece.ListOf().Select(p => string.Concat(p)).ToArbitrary();
    }

    [Fact]
    public void TokenListsMimeAndRangeNeverThrow()
    {
        Prop.ForAll(HeaderText(), s =>
        {
            foreach (var profile in Profiles)
            {
                if (FetchRules.TryParseTokenList(s, profile, out var tokens))
                {
                    Assert.All(tokens, t => Assert.True(FetchRules.IsToken(t)));
                }
            }

            var mime = MimeType.Parse(s);
            if (mime is not null)
            {
                Assert.True(FetchRules.IsToken(mime.Type) && FetchRules.IsToken(mime.Subtype));
            }

            if (RangeHeader.TryParse(s, out var start, out var end))
            {
                Assert.True(start is not null || end is not null);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SafelistAndForbiddenNeverThrow()
    {
        var names = Gen.Elements("Accept", "Accept-Language", "Content-Language", "Content-Type", "Range", "DPR", "Width", "ECT", "Save-Data", "X-HTTP-Method-Override", "User-Agent", "X-Custom");
        Prop.ForAll(names.ToArbitrary(), HeaderText(), (name, value) =>
        {
            foreach (var profile in Profiles)
            {
                var safelisted = FetchRules.IsCorsSafelistedRequestHeader(name, value, profile);
                FetchRules.IsForbiddenRequestHeader(name, value, profile);
                // Consistency: a single safelisted header never forces a preflight for GET.
                var normalised = value.Trim('\t', '\n', '\r', ' ');
                Assert.Equal(safelisted && normalised.Length == value.Length, !FetchRules.NeedsPreflight("GET", [new HttpHeader(name, value)], profile)
                    && !FetchRules.IsForbiddenRequestHeader(name, value, profile) && normalised.Length == value.Length);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ClassifyCorsCheckAndReadableHeadersNeverThrow()
    {
        var model = new BrowserModel(BrowserProfile.Chromium);
        var firefox = new BrowserModel(BrowserProfile.Firefox);
        var names = Gen.Elements("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers", "Content-Type", "X-A", "Set-Cookie", "*", "");
        var header = names.Zip(HeaderText().Generator).Select(t => new HttpHeader(t.Item1, t.Item2));
        var headers = header.ListOf().Select(l => (IReadOnlyList<HttpHeader>)l.ToList());
        var methods = Gen.OneOf(Gen.Elements("GET", "post", "PUT", "patch", "TRACE", "bad method", ""), HeaderText().Generator);
        var credentials = Gen.Elements(CredentialsMode.Omit, CredentialsMode.SameOrigin, CredentialsMode.Include);
        var inputs = headers.Zip(methods).Zip(credentials.Zip(HeaderText().Generator)).ToArbitrary();
        Prop.ForAll(inputs, t =>
        {
            var ((list, method), (mode, body)) = t;
            var request = new CorsRequest { Origin = Origin.Parse("https://a.example"), Url = new Uri("https://b.example/"), Method = method, Headers = list, Body = body.Length % 2 == 0 ? body : null, Credentials = mode };
            var c = model.Classify(request);
            Assert.Equal(c.Error is null && c.IsCrossOrigin && (!FetchRules.IsCorsSafelistedMethod(c.Method) || c.UnsafeHeaderNames.Count > 0), c.NeedsPreflight);
            firefox.Classify(request);
            var check = CorsCheck.Check("https://a.example", mode, list);
            Assert.Equal(check.Passed, check.Error is null);
            var response = new IncomingResponse { Status = 200, Headers = list };
            Assert.DoesNotContain("set-cookie", model.ReadableHeaders(response, mode));
            firefox.ReadableHeaders(response, mode);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PublicSuffixNeverThrows()
        => Prop.ForAll(HeaderText(), s =>
        {
            var registrable = PublicSuffix.RegistrableDomain(s);
            if (registrable is not null)
            {
                Assert.False(PublicSuffix.IsPublicSuffix(registrable));
            }
        }).QuickCheckThrowOnFailure();
}
