namespace CorsKit.Cookies;

/// <summary>A cookie as the browser holds it (RFC 6265bis §5.7 "Storage Model": name, value, domain, host-only-flag,
/// path, secure-only-flag, http-only-flag, same-site-flag, expiry-time, creation-time; plus the CHIPS partition key).</summary>
public sealed record Cookie
{
    /// <summary>The name (empty for a nameless cookie).</summary>
    public required string Name { get; init; }

    /// <summary>The value.</summary>
    public required string Value { get; init; }

    /// <summary>The canonical host (host-only) or the <c>Domain</c> attribute's domain, lowercase, no leading dot.</summary>
    public required string Domain { get; init; }

    /// <summary>True when the cookie goes only to <see cref="Domain"/> itself (no <c>Domain</c> attribute).</summary>
    public bool HostOnly { get; init; } = true;

    /// <summary>The path (the <c>Path</c> attribute or the default-path of the setting URL).</summary>
    public string Path { get; init; } = "/";

    /// <summary>Sent only over secure schemes (<c>Secure</c>).</summary>
    public bool Secure { get; init; }

    /// <summary>Hidden from <c>document.cookie</c> (<c>HttpOnly</c>); HTTP requests carry it all the same.</summary>
    public bool HttpOnly { get; init; }

    /// <summary>The <c>SameSite</c> attribute as written.</summary>
    public CookieSameSite SameSite { get; init; }

    /// <summary>The top-level site (<c>scheme://registrable-domain</c>) whose jar holds this cookie, or null for an
    /// unpartitioned cookie. Set for a <c>Partitioned</c> cookie (CHIPS) and for every cookie a browser with
    /// <see cref="ThirdPartyCookies.Partition"/> stored from a third-party response.</summary>
    public string? PartitionKey { get; init; }

    /// <summary>When the cookie expires; null for a session cookie.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>When the cookie was first stored (orders the <c>Cookie</c> header, RFC 6265bis §5.8.3 step 2).</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary><c>name=value</c>, or the value alone for a nameless cookie (RFC 6265bis §5.8.3 step 4).</summary>
    public string Pair => Name.Length == 0 ? Value : Name + "=" + Value;

    /// <summary>The cookie as one short phrase for messages: <c>session (host-only api.example, Path=/, SameSite=Lax)</c>.</summary>
    public string Describe()
    {
        var parts = new List<string> { (HostOnly ? "host-only " : "Domain=") + Domain, "Path=" + Path };
        if (Secure)
        {
            parts.Add("Secure");
        }

        parts.Add(SameSite == CookieSameSite.Unspecified ? "no SameSite" : "SameSite=" + SameSite);
        if (PartitionKey is not null)
        {
            parts.Add("partitioned to " + PartitionKey);
        }

        return $"{(Name.Length == 0 ? "(nameless)" : Name)} ({string.Join(", ", parts)})";
    }
}
