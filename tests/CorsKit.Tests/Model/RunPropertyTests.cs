using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using FsCheck;
using FsCheck.Fluent;

namespace CorsKit.Tests.Model;

/// <summary>Whatever a server answers, RunAsync returns a verdict and never throws.</summary>
public class RunPropertyTests
{
    [Fact]
    public void RunAsyncNeverThrowsWhateverTheServerSends()
    {
        var names = Gen.Elements("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
            "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Access-Control-Expose-Headers", "Location", "X-A", "");
        var values = Gen.OneOf(Gen.Elements("*", "null", "https://a.example", "true", "PUT", "x-a", "/next", "https://c.example/x",
            "http://u:p@a.example/", "data:,x", "http://[::1", "", " , ", "10"), ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));
        var header = names.Zip(values).Select(t => new HttpHeader(t.Item1, t.Item2));
        var response = Gen.Elements(200, 204, 301, 302, 303, 307, 308, 400, 500, 0, -1, 999).Zip(header.ListOf())
            .Select(t => new IncomingResponse { Status = t.Item1, Headers = [.. t.Item2] });
        var scripts = response.ListOf().Where(l => l.Count > 0);
        var methods = Gen.Elements("GET", "PUT", "post", "patch");
        var profiles = Gen.Elements(BrowserProfile.Chromium, BrowserProfile.Firefox, BrowserProfile.Safari);

        Prop.ForAll(scripts.Zip(methods).Zip(profiles).ToArbitrary(), t =>
        {
            var ((answers, method), profile) = t;
            var i = 0;
            Task<IncomingResponse> Transport(OutgoingRequest r, CancellationToken ct) => Task.FromResult(answers[i++ % answers.Count]);
            var request = new CorsRequest
            {
                Origin = Origin.Parse("https://a.example"), Url = new Uri("https://b.example/x"), Method = method,
                Headers = [new("X-A", "1")], Credentials = CredentialsMode.Include, Body = method == "GET" ? null : "b",
            };
            var verdict = new BrowserModel(profile).RunAsync(request, Transport).GetAwaiter().GetResult();
            Assert.Equal(verdict.Allowed, verdict.Failure is null);
            Assert.NotEmpty(verdict.Exchanges);
            Assert.True(verdict.Exchanges.Count <= 2 * 21);
        }).QuickCheckThrowOnFailure();
    }
}
