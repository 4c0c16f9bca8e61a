using System.Text;
using CorsKit.BrowserTests.Cookies;

namespace CorsKit.BrowserTests;

/// <summary>
/// Cookie scenarios (<see cref="CookieScenarios"/>) in real Chromium, Firefox ESR and WebKitGTK (default and
/// <c>--enable-itp</c>): each engine must do what it was pinned doing (<see cref="CookieExpectations"/>), and the model
/// (<see cref="CorsKit.Cookies.CookieStore"/> with the engine's behaviour) must decide the same Cookie header for
/// every scenario's read and first-party probe. A missing engine fails, never skips.
/// <c>CORSKIT_COOKIE_TABLE=FILE</c> writes the observed table (and the pinned rows) to FILE.
/// </summary>
public sealed class CookieTests(CookieRunFixture fx) : IClassFixture<CookieRunFixture>
{
    public static TheoryData<CookieBrowser> Browsers => [.. Enum.GetValues<CookieBrowser>()];

    [Theory]
    [MemberData(nameof(Browsers))]
    public async Task Engine_behaves_as_pinned(CookieBrowser browser)
    {
        CookieRunResult run = await fx.ForAsync(browser);
        Assert.True(run.PageIsSecureContext, $"{run.Version}: http://app.site-a.localhost is no longer a secure context");
        int column = CookieExpectations.Column(browser);
        var diff = new StringBuilder();
        foreach (CookieObservation o in run.Observations)
        {
            Assert.True(o.ReadReached && o.ProbeReached && (o.Scenario.Setter == CookieSetter.Navigation || o.SetReached),
                $"{run.Version}: {o.Scenario.Key} did not reach the server (set {o.SetReached}, read {o.ReadReached}, probe {o.ProbeReached})");
            Assert.True(o.ReadCookie is null || o.Sent, $"{o.Scenario.Key}: unexpected Cookie header {o.ReadCookie}");
            string expected = CookieExpectations.Rows[o.Scenario.Key].Split(' ')[column];
            string actual = CookieTable.Code(o);
            if (expected != actual)
            {
                diff.Append("| ").Append(o.Scenario.Key).Append(" | `").Append(o.Scenario.SetCookie).Append("` | ")
                    .Append(expected).Append(" | ").Append(actual).AppendLine(" |");
            }
        }
        Assert.True(diff.Length == 0,
            $"{run.Version} no longer does what was pinned (codes: read sent +/-, then first-party probe sent +/-):\n"
            + "| scenario | Set-Cookie | pinned | observed |\n|---|---|---|---|\n" + diff);
    }

    [Theory]
    [MemberData(nameof(Browsers))]
    public async Task Model_decides_the_Cookie_header_the_engine_sent(CookieBrowser browser)
    {
        CookieRunResult run = await fx.ForAsync(browser);
        var behaviour = CookieModelOutcome.BehaviourOf(browser);
        var diff = new StringBuilder();
        int count = 0;
        foreach (CookieObservation o in run.Observations)
        {
            var model = CookieModelOutcome.Of(o.Scenario, behaviour, fx.Port);
            if (model.Read.Header != o.ReadCookie || model.Probe.Header != o.ProbeCookie)
            {
                count++;
                diff.Append("| ").Append(o.Scenario.Key).Append(" | `").Append(o.Scenario.SetCookie).Append("` | ")
                    .Append(o.ReadCookie ?? "—").Append(" / ").Append(o.ProbeCookie ?? "—").Append(" | ")
                    .Append(model.Read.Header ?? "—").Append(" / ").Append(model.Probe.Header ?? "—").Append(" | ")
                    .Append(model.Why()).AppendLine(" |");
            }
        }
        Assert.True(count == 0,
            $"The model ({behaviour.Name}) disagrees with {run.Version} on {count} of {run.Observations.Count} scenarios "
            + "(Cookie header on the page's read / on the first-party probe of the setting host):\n"
            + "| scenario | Set-Cookie | browser | model | model's reason |\n|---|---|---|---|---|\n" + diff);
    }

    [Fact]
    public async Task Every_engine_ran_the_whole_matrix()
    {
        var runs = new List<CookieRunResult>();
        foreach (CookieBrowser b in Enum.GetValues<CookieBrowser>())
        {
            runs.Add(await fx.ForAsync(b));
        }
        if (Environment.GetEnvironmentVariable("CORSKIT_COOKIE_TABLE") is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, CookieTable.Format([.. runs.Select(r => (r.Version, r.Observations))])
                + "\n" + CookieTable.ExpectationRows(runs));
        }
        foreach (CookieRunResult run in runs)
        {
            Assert.Equal(CookieScenarios.For(run.Browser).Select(s => s.Key), run.Observations.Select(o => o.Scenario.Key));
        }
        // Every pinned row names a scenario and has a cell per engine, and every scenario has a pinned row.
        Assert.Equal(CookieScenarios.All.Select(s => s.Key).Order(StringComparer.Ordinal), CookieExpectations.Rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(CookieExpectations.Rows.Values, v => Assert.Equal(CookieExpectations.Columns.Length, v.Split(' ').Length));
    }
}
