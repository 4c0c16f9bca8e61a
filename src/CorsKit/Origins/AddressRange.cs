namespace CorsKit.Origins;

/// <summary>
/// The special-purpose range an IP address belongs to (IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890),
/// as far as it matters to where a connection can land. <see cref="AddressSpaces.RangeOf"/> decides it;
/// <see cref="AddressSpaces.Of"/> folds it into the three address spaces of Local Network Access.
/// </summary>
public enum AddressRange
{
    /// <summary>None of the ranges below: a globally routed address.</summary>
    Public = 0,

    /// <summary>127.0.0.0/8 (RFC 1122 §3.2.1.3) and ::1 (RFC 4291 §2.5.3).</summary>
    Loopback,

    /// <summary>0.0.0.0 and :: (RFC 4291 §2.5.2); Linux connects them to this machine.</summary>
    Unspecified,

    /// <summary>0.0.0.0/8 other than 0.0.0.0, "this network" (RFC 791, RFC 1122 §3.2.1.3).</summary>
    ThisNetwork,

    /// <summary>10/8, 172.16/12, 192.168/16 (RFC 1918).</summary>
    Private,

    /// <summary>100.64.0.0/10, shared address space of carrier-grade NAT (RFC 6598).</summary>
    CarrierGradeNat,

    /// <summary>169.254.0.0/16 (RFC 3927; the cloud metadata service 169.254.169.254 lives here) and fe80::/10 (RFC 4291 §2.5.6).</summary>
    LinkLocal,

    /// <summary>fc00::/7, unique local IPv6 (RFC 4193).</summary>
    UniqueLocal,

    /// <summary>fec0::/10, deprecated site-local IPv6 (RFC 3879), still routed by some networks.</summary>
    SiteLocal,

    /// <summary>2001:db8::/32 (RFC 3849) and 3fff::/20 (RFC 9637), IPv6 documentation prefixes.</summary>
    Documentation,

    /// <summary>224.0.0.0/4 (RFC 5771) and ff00::/8 (RFC 4291 §2.7).</summary>
    Multicast,

    /// <summary>255.255.255.255, limited broadcast (RFC 919, RFC 8190).</summary>
    Broadcast,

    /// <summary>240.0.0.0/4 other than the broadcast address, reserved for future use (RFC 1112 §4).</summary>
    Reserved,
}
