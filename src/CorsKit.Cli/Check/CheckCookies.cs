using CorsKit.Cli.Input;
using CorsKit.Cookies;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cli.Check;

/// <summary>
/// The cookies a check starts from (<c>--cookie-jar FILE</c>) and the third-party policy (<c>--third-party-cookies</c>).
/// Every check gets a fresh <see cref="CookieStore"/> filled from the jar, as a browser holding those cookies would
/// start; the Set-Cookie lines of the jar are received as the checked URL's answer to a first-party (top-level) login.
/// </summary>
internal sealed record CheckCookies
{
    /// <summary>Largest jar file read: a browser holds at most a few thousand cookies of at most 4 KiB.</summary>
    public const int MaxJarBytes = 1024 * 1024;

    /// <summary>No jar and the engine's own third-party policy.</summary>
    public static CheckCookies None { get; } = new();

    /// <summary>The jar's cookie lines (empty without <c>--cookie-jar</c>).</summary>
    public IReadOnlyList<CookieJarLine> Jar { get; init; } = [];

    /// <summary>True when <c>--cookie-jar</c> was given (even an empty file).</summary>
    public bool HasJar { get; init; }

    /// <summary>The <c>--third-party-cookies</c> override, or null for the engine's shipped policy.</summary>
    public ThirdPartyCookies? ThirdParty { get; init; }

    /// <summary>Each policy's command-line name: the one table both directions read.</summary>
    private static readonly (string Name, ThirdPartyCookies Policy)[] Names =
    [
        ("allow", ThirdPartyCookies.Allow),
        ("block", ThirdPartyCookies.Block),
        ("partition", ThirdPartyCookies.Partition),
        ("block-new", ThirdPartyCookies.BlockNew),
    ];

    /// <summary>The flag values: <c>allow</c>, <c>block</c>, <c>partition</c>, <c>block-new</c>.</summary>
    public static string PolicyNames { get; } = string.Join(", ", Names[..^1].Select(n => n.Name)) + " or " + Names[^1].Name;

    /// <summary>Reads <paramref name="jarPath"/> and the policy name; a bad value or file is a
    /// <see cref="UsageException"/> of one sentence (exit code 2).</summary>
    public static CheckCookies Create(string? jarPath, string? thirdParty)
    {
        var policy = thirdParty is null ? (ThirdPartyCookies?)null : Policy(thirdParty)
            ?? throw new UsageException($"'{thirdParty}' is not a --third-party-cookies policy (use {PolicyNames}).");
        if (jarPath is null)
        {
            return new CheckCookies { ThirdParty = policy };
        }

        string text;
        try
        {
            text = BoundedFile.ReadAllText(jarPath, MaxJarBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read the cookie jar '{jarPath}': {ex.Message.TrimEnd('.')}.");
        }

        if (!CookieJarText.TryParse(text, out var lines, out var error))
        {
            throw new UsageException($"the cookie jar '{jarPath}': {error.TrimEnd('.')}.");
        }

        return new CheckCookies { Jar = lines, HasJar = true, ThirdParty = policy };
    }

    /// <summary>The engine's cookie rules with the override applied.</summary>
    public CookieBehaviour Behaviour(BrowserProfile browser) =>
        ThirdParty is { } policy ? browser.Cookies with { ThirdParty = policy } : browser.Cookies;

    /// <summary>A store holding the jar's cookies for a check of <paramref name="url"/>, and what became of each
    /// Set-Cookie line of the jar.</summary>
    public CookieStore NewStore(BrowserProfile browser, Uri url, out IReadOnlyList<SetCookieOutcome> received)
    {
        var store = new CookieStore(Behaviour(browser));
        var outcomes = new List<SetCookieOutcome>();
        foreach (var line in Jar)
        {
            if (line.Cookie is { } cookie)
            {
                store.Add(cookie);
            }
            else if (line.SetCookie is { } setCookie)
            {
                // The login page was the API's own site, top-level: first-party, credentials included.
                outcomes.Add(store.Receive(setCookie, url, Origin.FromUri(url)));
            }
        }

        received = outcomes;
        return store;
    }

    /// <summary>The command-line name of a policy.</summary>
    public static string Name(ThirdPartyCookies policy) => Array.Find(Names, n => n.Policy == policy).Name;

    private static ThirdPartyCookies? Policy(string name) =>
        Array.FindIndex(Names, n => n.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? Names[i].Policy : null;
}
