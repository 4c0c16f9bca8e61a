using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Tests.CheckSupport;

/// <summary>
/// Two Kestrel APIs on 127.0.0.1 answering <c>/{prefix}/{name}/…</c> with the reply of the scenario named by the second
/// path segment. In a header value <c>{page}</c> becomes the page's origin and <c>{other}</c> the second API's origin
/// (for redirects that cross to another origin); <c>{origin}</c> is the request's Origin (<see cref="Reply"/>).
/// </summary>
public sealed class ScenarioApis : IAsyncDisposable
{
    private ScenarioApis(LoopbackServer api, LoopbackServer other)
    {
        Api = api;
        Other = other;
    }

    /// <summary>The API the page calls.</summary>
    public LoopbackServer Api { get; }

    /// <summary>The second API, reached only by redirects.</summary>
    public LoopbackServer Other { get; }

    /// <param name="pageOrigin">The page's origin, for <c>{page}</c>.</param>
    /// <param name="respond">(scenario name, is OPTIONS, path) → the reply.</param>
    public static async Task<ScenarioApis> StartAsync(string pageOrigin, Func<string?, bool, string, Reply> respond)
    {
        LoopbackServer? other = null;
        Task Answer(HttpContext c)
        {
            var path = c.Request.Path.Value!;
            var name = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            var reply = respond(name, c.Request.Method == "OPTIONS", path);
            reply = reply with { Headers = [.. reply.Headers.Select(h => (h.Name, h.Value.Replace("{page}", pageOrigin, StringComparison.Ordinal).Replace("{other}", other!.Origin, StringComparison.Ordinal)))] };
            return reply.WriteAsync(c);
        }

        var api = await LoopbackServer.StartAsync(Answer);
        other = await LoopbackServer.StartAsync(Answer);
        return new ScenarioApis(api, other);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Other.DisposeAsync();
    }
}
