using System.Diagnostics.CodeAnalysis;

namespace CorsKit.Origins;

/// <summary>
/// A web origin (HTML "origin"): either a tuple (scheme, host, port) or the opaque origin, which serializes to
/// <c>null</c>. Instances are always canonical: the scheme and host are lowercase, a default port is elided, an
/// internationalised host is in punycode, IPv4 hosts are dotted decimal and IPv6 hosts are bracketed and compressed
/// (URL Standard §3.5, §3.6, §4.4; HTML §7.1.1 "ASCII serialization of an origin").
/// </summary>
public sealed partial class Origin : IEquatable<Origin>
{
    /// <summary>The scheme, lowercase (<c>https</c>), or empty for the opaque origin.</summary>
    public string Scheme { get; }

    /// <summary>The serialized host: a lowercase domain in punycode, dotted IPv4, or bracketed IPv6; empty if opaque.</summary>
    public string Host { get; }

    /// <summary>The port, or null when it is the scheme's default (or the origin is opaque).</summary>
    public int? Port { get; }

    /// <summary>True for the opaque origin (<c>null</c>).</summary>
    public bool IsOpaque => Scheme.Length == 0;

    /// <summary>The ASCII serialization: <c>https://example.com</c>, <c>http://[::1]:8080</c>, or <c>null</c>.</summary>
    public string Serialized { get; }

    private Origin(string scheme, string host, int? port, string serialized)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
        Serialized = serialized;
    }

    /// <inheritdoc />
    public override string ToString() => Serialized;

    /// <inheritdoc />
    public bool Equals(Origin? other) => other is not null && string.Equals(Serialized, other.Serialized, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Origin);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Serialized);
}
