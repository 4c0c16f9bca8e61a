using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// The library behaviour each non-origin expectation rests on, checked on the real server without the audit: a
/// configuration expected to lose CORS on errors does answer an error without Access-Control-Allow-Origin, one expected
/// to miss Vary does answer the trusted origin without Vary: Origin, the proxied one does send two headers; and the
/// fixed configuration no longer does. So a failing fix-closure case points at the audit, not at the corpus.
/// </summary>
public sealed class CorpusPremiseTests
{
    private static readonly FindingKind[] Checked = [FindingCatalog.CorsMissingOnError, FindingCatalog.MissingVaryOrigin, FindingCatalog.InvalidAcao];

    public static TheoryData<string> Configurations() => Corpus.Names(c => c.Expected.Any(Checked.Contains));

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task Library_behaves_as_the_expectation_says(string name)
    {
        var config = Corpus.Get(name);
        foreach (var kind in config.Expected.Where(Checked.Contains))
        {
            Assert.True(await HoldsAsync(config, kind), $"{name}: the server does not show the {kind.Id} premise");
            Assert.False(await HoldsAsync(CorpusFixes.Apply(config, kind), kind), $"{name}: the {kind.Id} premise still holds after its fix");
        }
    }

    private static async Task<bool> HoldsAsync(CorpusConfig config, FindingKind kind)
    {
        await using var server = await CorpusStacks.StartAsync(config);
        using var client = new HttpClient();
        var data = await GetAsync(client, server.Data);
        if (kind == FindingCatalog.CorsMissingOnError)
        {
            var errorUrl = config.AuditThrowingEndpoint ? server.Boom : new Uri(server.BaseAddress, "/api/corskit-no-such-path");
            var error = await GetAsync(client, errorUrl);
            return data.Acao.Count == 1 && error.Status >= 400 && error.Acao.Count == 0;
        }

        if (kind == FindingCatalog.MissingVaryOrigin)
        {
            // Fetch §3.2.5: ACAO differs between requests (trusted, another origin, no Origin) and one of those
            // responses lacks Vary: Origin.
            var others = new[] { data, await GetAsync(client, server.Data, "https://corskit-evil.net"), await GetAsync(client, server.Data, null) };
            return others.Select(r => string.Join(",", r.Acao)).Distinct().Count() > 1
                && others.Any(r => !r.Vary.Any(v => v.Equals("origin", StringComparison.OrdinalIgnoreCase) || v == "*"));
        }

        return data.Acao.Count > 1;
    }

    private static async Task<(int Status, List<string> Acao, List<string> Vary)> GetAsync(HttpClient client, Uri url, string? origin = Corpus.Trusted)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await client.SendAsync(request);
        var acao = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var a) ? a.ToList() : [];
        var vary = response.Headers.Vary.SelectMany(v => v.Split(',')).Select(v => v.Trim()).ToList();
        return ((int)response.StatusCode, acao, vary);
    }
}
