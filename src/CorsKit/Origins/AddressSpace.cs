namespace CorsKit.Origins;

/// <summary>
/// The IP address spaces of Local Network Access (WICG local-network-access, "IP address space"), ordered from the
/// most private to the most public, so <c>a &lt; b</c> reads "a is more private than b". A request from a page in one
/// space to a more private one needs the user's permission in Chromium 142+.
/// </summary>
public enum AddressSpace
{
    /// <summary>This machine: 127.0.0.0/8, ::1, 0.0.0.0, ::, and localhost names.</summary>
    Loopback = 0,

    /// <summary>The local network: RFC 1918, link-local (169.254.0.0/16, the cloud metadata address), CGNAT, unique-local IPv6.</summary>
    Local = 1,

    /// <summary>Everything else.</summary>
    Public = 2,
}
