using CorsKit.BrowserTests.Cookies;

namespace CorsKit.BrowserTests;

/// <summary>The cookie scenarios in every engine setting; writes the observed table (CORSKIT_COOKIE_TABLE=file).</summary>
public sealed class CookieObservationTests(CookieRunFixture fx) : IClassFixture<CookieRunFixture>
{
    [Fact]
    public async Task Every_engine_runs_every_scenario()
    {
        var engines = new List<(string, IReadOnlyList<CookieObservation>)>();
        var errors = new List<string>();
        foreach (CookieBrowser b in Enum.GetValues<CookieBrowser>())
        {
            try
            {
                var result = await fx.ForAsync(b);
                engines.Add((b + " (" + result.Version + ", secure context: " + result.PageIsSecureContext + ")", result.Observations));
            }
            catch (InvalidOperationException e)
            {
                errors.Add(b + ": " + e.Message);
            }
        }
        if (Environment.GetEnvironmentVariable("CORSKIT_COOKIE_TABLE") is { Length: > 0 } file && engines.Count > 0)
        {
            await File.WriteAllTextAsync(file, CookieTable.Format(engines));
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
