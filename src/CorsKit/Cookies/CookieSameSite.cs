namespace CorsKit.Cookies;

/// <summary>A cookie's <c>SameSite</c> attribute as the server wrote it (RFC 6265bis §5.6.7 "The SameSite
/// Attribute": an unknown value, or none at all, is <see cref="Unspecified"/>, the draft's "Default").</summary>
public enum CookieSameSite
{
    /// <summary>No <c>SameSite</c> attribute, or a value other than <c>None</c>, <c>Lax</c>, <c>Strict</c>: the
    /// browser's default applies (<see cref="CookieBehaviour.UnspecifiedSameSite"/>).</summary>
    Unspecified,
    /// <summary><c>SameSite=None</c>: sent on cross-site requests too.</summary>
    None,
    /// <summary><c>SameSite=Lax</c>: cross-site only on top-level navigations with a safe method.</summary>
    Lax,
    /// <summary><c>SameSite=Strict</c>: never on a cross-site request.</summary>
    Strict,
}
