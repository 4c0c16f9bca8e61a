using CorsKit.Cli.Http;
using CorsKit.Diagnostics.Fixes;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>How checks run: which browser, network options, and the shared transport.</summary>
internal sealed record CheckSettings
{
    /// <summary>The browser whose behaviour is modelled.</summary>
    public BrowserProfile Browser { get; init; } = BrowserProfile.Chromium;

    /// <summary>Per-request network timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Accept any TLS certificate.</summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// The network transport to use; when null, <see cref="CheckRunner.RunAsync"/> creates one for the call and disposes it.
    /// Batch runs share one so connections are pooled.
    /// </summary>
    public HttpTransport? Transport { get; init; }

    /// <summary>Whose response parser the network transport imitates for <paramref name="browser"/>.</summary>
    internal static WireParsing Wire(BrowserProfile browser) =>
        browser.Engine == BrowserEngine.Firefox ? WireParsing.Firefox : WireParsing.Chromium;

    /// <summary>The stack whose configuration snippet the fix shows (<c>--stack</c>); null: the one detected.</summary>
    public ServerStack? Stack { get; init; }

    /// <summary>Show the snippet for every stack (<c>--fix all</c>).</summary>
    public bool AllStacks { get; init; }

    /// <summary>Send CorsKit's extra probes after a denied preflight (<c>--no-probes</c> turns them off: only what the
    /// browser sends goes on the wire).</summary>
    public bool Probes { get; init; } = true;

    /// <summary>The cookie jar and third-party policy (<c>--cookie-jar</c>, <c>--third-party-cookies</c>).</summary>
    public CheckCookies Cookies { get; init; } = CheckCookies.None;

    /// <summary>Decides before each request goes on the wire (first URL, redirect hops, preflights, probes) whether it
    /// may: null lets it go, a sentence refuses it as a network error. <c>corskit playground</c> keeps its checks on
    /// loopback with it; null (the default): no restriction.</summary>
    public Func<Uri, string?>? TargetRule { get; init; }
}
