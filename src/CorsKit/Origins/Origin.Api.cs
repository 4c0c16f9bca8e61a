using System.Diagnostics.CodeAnalysis;

namespace CorsKit.Origins;

// API contract (skeleton). The browser-model work replaces these bodies; signatures are what other parts code against.
public sealed partial class Origin
{
    /// <summary>The opaque origin; serializes to <c>null</c>.</summary>
    public static Origin Null { get; } = new("", "", null, "null");

    /// <summary>
    /// Parses an <c>Origin</c> header value (<c>https://example.com</c>, <c>null</c>) or any absolute URL (its origin is
    /// taken) and canonicalises it as a browser would. Never throws; returns false for anything a browser could not
    /// produce as an origin.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Origin? origin)
        => throw new NotImplementedException();

    /// <summary>Like <see cref="TryParse(string?, out Origin?)"/> but throws <see cref="FormatException"/> with a message
    /// that says what is wrong with the text.</summary>
    public static Origin Parse(string text) => throw new NotImplementedException();

    /// <summary>The origin of an absolute URL; <see cref="Null"/> for schemes without a tuple origin.</summary>
    public static Origin FromUri(Uri uri) => throw new NotImplementedException();

    /// <summary>True when both are the same tuple origin (two opaque origins are never the same origin here).</summary>
    public bool IsSameOrigin(Origin other) => throw new NotImplementedException();

    /// <summary>Schemeful same-site: same scheme and same registrable domain (Public Suffix List), or same host.</summary>
    public bool IsSameSite(Origin other) => throw new NotImplementedException();
}
