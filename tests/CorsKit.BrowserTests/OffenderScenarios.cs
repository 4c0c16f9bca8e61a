using CorsKit.BrowserTests.Harness;
using static CorsKit.BrowserTests.Harness.Build;

namespace CorsKit.BrowserTests;

/// <summary>
/// Which header Chromium names in HeaderDisallowedByPreflightResponse when several are refused: every pair of 25
/// CORS-unsafe headers, plus seeded triples and quadruples, each a GET whose preflight allows no header. The order is
/// Chromium's (not sorted, not the script's), so these scenarios check the model's rule for it name by name.
/// </summary>
public static class OffenderScenarios
{
    /// <summary>The id of the first offender scenario.</summary>
    public const int FirstId = 950_000;

    private static readonly (string Name, string Value)[] Pool =
    [
        ("X-A", "1"), ("X-B", "1"), ("X-Z", "1"), ("Accept", "\"q\""), ("Accept-Language", "@"), ("Content-Language", "@"),
        ("Content-Type", "application/json"), ("Range", "bytes=-200"), ("Authorization", "Bearer t"), ("If-None-Match", "\"v\""),
        ("Cache-Control", "x"), ("X-Requested-With", "1"), ("X-Custom-A", "1"), ("X-Custom-B", "1"), ("X-Test", "1"),
        ("X-Empty", ""), ("X-Long", "v"), ("DPR", ""), ("X-Print", "1"), ("X-Other", "1"), ("Save-Data", "off"),
        ("Width", "x"), ("Foo", "1"), ("Zeta", "1"), ("X-Custom", "1"),
    ];

    /// <summary>All offender scenarios, ids assigned.</summary>
    public static IReadOnlyList<Scenario> All { get; } = Create();

    private static List<Scenario> Create()
    {
        var combos = new List<(string Name, string Value)[]>();
        for (int i = 0; i < Pool.Length; i++)
        {
            for (int j = i + 1; j < Pool.Length; j++)
            {
                combos.Add([Pool[i], Pool[j]]);
            }
        }
        var rng = new Random(ScenarioGenerator.Seed);
        for (int k = 0; k < 80; k++)
        {
            combos.Add([.. Pool.OrderBy(_ => rng.Next()).Take(k < 50 ? 3 : 4)]);
        }
        return combos.Select((headers, i) => new Scenario(FirstId + i, "offender " + string.Join(",", headers.Select(h => h.Name)),
            Req("GET", "omit", null, [.. headers.Select(h => H(h.Name, h.Value))]),
            [Hop(Ok(), R(200, Acao(), Acah("")))], ReadHeader)).ToList();
    }
}
