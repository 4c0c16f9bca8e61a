namespace CorsKit.Model;

// API contract (skeleton). The browser-model work replaces these bodies; signatures are what other parts code against.
public sealed partial class BrowserModel
{
    /// <summary>
    /// Runs <paramref name="request"/> as the browser would, sending each request through <paramref name="transport"/>:
    /// the preflight when needed (or a cache hit), the actual request, and each redirect hop (CORS mode follows up to
    /// 20 redirects, tainting the origin to <c>null</c> after a cross-origin hop). Transport failures become a verdict
    /// whose failure has <see cref="CorsFailure.NetworkError"/> set; they are never thrown.
    /// </summary>
    public Task<CorsVerdict> RunAsync(CorsRequest request, CorsTransport transport, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Forgets every cached preflight.</summary>
    public void ClearPreflightCache() => throw new NotImplementedException();
}

public sealed partial class BrowserProfile
{
    /// <summary>Chromium: the default profile.</summary>
    public static BrowserProfile Chromium { get; } = new() { Engine = BrowserEngine.Chromium, Name = "chromium" };

    /// <summary>Firefox.</summary>
    public static BrowserProfile Firefox { get; } = new() { Engine = BrowserEngine.Firefox, Name = "firefox" };

    /// <summary>Safari, modelled from WebKit's sources only.</summary>
    public static BrowserProfile Safari { get; } = new() { Engine = BrowserEngine.Safari, Name = "safari" };

    /// <summary>The profile named <paramref name="name"/> (<c>chromium</c>, <c>firefox</c>, <c>safari</c>), case-insensitive.</summary>
    public static bool TryGet(string? name, out BrowserProfile profile)
    {
        profile = name?.ToLowerInvariant() switch
        {
            "chromium" or "chrome" => Chromium,
            "firefox" => Firefox,
            "safari" or "webkit" => Safari,
            _ => Chromium,
        };
        return name is not null && name.ToLowerInvariant() is "chromium" or "chrome" or "firefox" or "safari" or "webkit";
    }
}
