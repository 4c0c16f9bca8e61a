using System.Net;
using System.Net.Sockets;
using CorsKit.Policy.Infrastructure;

namespace CorsKit.Origins;

/// <summary>
/// The one place that decides which <see cref="AddressSpace"/> an address or host is in, after the tables of
/// WICG local-network-access §2.1 "IP address space" (IPv4 and IPv6), which replace Private Network Access's.
/// </summary>
public static class AddressSpaces
{
    /// <summary>The space of <paramref name="address"/>; an IPv4-mapped IPv6 address is judged as its IPv4 address.</summary>
    public static AddressSpace Of(IPAddress address) => RangeOf(address) switch
    {
        // LNA: 127.0.0.0/8, 0.0.0.0/32, ::1/128 and ::/128 are loopback.
        AddressRange.Loopback or AddressRange.Unspecified => AddressSpace.Loopback,
        // LNA's "local" rows: RFC 1918, 0/8, 169.254/16 (where cloud metadata lives), 100.64/10, fc00::/7, fe80::/10,
        // and (still listed) fec0::/10 and the IPv6 documentation prefixes.
        AddressRange.ThisNetwork or AddressRange.Private or AddressRange.CarrierGradeNat or AddressRange.LinkLocal
            or AddressRange.UniqueLocal or AddressRange.SiteLocal or AddressRange.Documentation => AddressSpace.Local,
        // Multicast, broadcast and 240/4 are not in LNA's tables.
        _ => AddressSpace.Public,
    };

    /// <summary>
    /// The special-purpose range of <paramref name="address"/> (the IANA special-purpose registries). An IPv4-mapped IPv6
    /// address (<c>::ffff:a.b.c.d</c>, RFC 4291 §2.5.5.2) is judged as its IPv4 address, since a dual-stack socket
    /// connects it to that address. Other forms that carry an IPv4 address are not unwrapped here: see
    /// <see cref="EmbeddedIPv4"/>.
    /// </summary>
    public static AddressRange RangeOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return b[0] switch
            {
                0 => b[1] == 0 && b[2] == 0 && b[3] == 0 ? AddressRange.Unspecified : AddressRange.ThisNetwork,
                127 => AddressRange.Loopback,
                10 => AddressRange.Private,
                172 when b[1] is >= 16 and <= 31 => AddressRange.Private,
                192 when b[1] == 168 => AddressRange.Private,
                169 when b[1] == 254 => AddressRange.LinkLocal,
                100 when b[1] is >= 64 and <= 127 => AddressRange.CarrierGradeNat,
                >= 224 and <= 239 => AddressRange.Multicast,
                255 when b[1] == 255 && b[2] == 255 && b[3] == 255 => AddressRange.Broadcast,
                >= 240 => AddressRange.Reserved,
                _ => AddressRange.Public,
            };
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return AddressRange.Unspecified;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressRange.Loopback;
        }

        return b[0] switch
        {
            0xFF => AddressRange.Multicast,
            0xFC or 0xFD => AddressRange.UniqueLocal,
            0xFE when (b[1] & 0xC0) == 0x80 => AddressRange.LinkLocal,
            0xFE when (b[1] & 0xC0) == 0xC0 => AddressRange.SiteLocal,
            0x20 when b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 => AddressRange.Documentation,
            0x3F when b[1] == 0xFF && (b[2] & 0xF0) == 0 => AddressRange.Documentation,
            _ => AddressRange.Public,
        };
    }

    /// <summary>
    /// The IPv4 address carried inside an IPv6 address by a translation or transition mechanism, which a gateway on the
    /// path may deliver to that IPv4 address; null for any other address. The forms: IPv4-compatible <c>::a.b.c.d</c>
    /// (RFC 4291 §2.5.5.1, deprecated; not <c>::</c> or <c>::1</c>), NAT64's well-known prefix <c>64:ff9b::/96</c>
    /// (RFC 6052 §2.1) and local-use prefix <c>64:ff9b:1::/48</c> (RFC 8215, last 32 bits), and 6to4 <c>2002::/16</c>
    /// (RFC 3056 §2, bits 16 to 47). IPv4-mapped addresses are judged as IPv4 by <see cref="RangeOf"/> directly. Teredo
    /// (2001::/32) hides its addresses behind an XOR and is not decoded.
    /// </summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.IsIPv4MappedToIPv6)
        {
            return null;
        }

        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            // ::a.b.c.d; :: and ::1 are the unspecified and loopback addresses themselves.
            return b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1 ? null : new IPAddress(b.AsSpan(12, 4));
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B
            && (b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0 || (b[4] == 0x00 && b[5] == 0x01)))
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4)) : null;
    }

    /// <summary>A short phrase for <paramref name="range"/> in messages ("a loopback address", "a private address (RFC 1918)").</summary>
    public static string Describe(AddressRange range) => range switch
    {
        AddressRange.Loopback => "a loopback address",
        AddressRange.Unspecified => "the unspecified address (it connects to this machine)",
        AddressRange.ThisNetwork => "a \"this network\" address (0.0.0.0/8)",
        AddressRange.Private => "a private address (RFC 1918)",
        AddressRange.CarrierGradeNat => "a carrier-grade NAT address (100.64.0.0/10, RFC 6598)",
        AddressRange.LinkLocal => "a link-local address (where cloud metadata services such as 169.254.169.254 live)",
        AddressRange.UniqueLocal => "a unique-local IPv6 address (fc00::/7)",
        AddressRange.SiteLocal => "a site-local IPv6 address (fec0::/10)",
        AddressRange.Documentation => "an IPv6 documentation address",
        AddressRange.Multicast => "a multicast address",
        AddressRange.Broadcast => "the broadcast address",
        AddressRange.Reserved => "a reserved address (240.0.0.0/4)",
        _ => "a public address",
    };

    /// <summary>
    /// The space of a URL host when it can be told without DNS: an IP literal (brackets allowed) or a localhost name
    /// (RFC 6761 §6.3, the same rule as the policy's loopback hosts); null for any other name, which must be resolved.
    /// </summary>
    public static AddressSpace? OfHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var address))
        {
            return Of(address);
        }

        // A fully qualified name with its root dot (localhost.) is the same name: Chromium's IsLocalHostname drops one
        // trailing dot before comparing (net/base/url_util.cc).
        var name = host.ToLowerInvariant();
        if (name.Length > 1 && name[^1] == '.')
        {
            name = name[..^1];
        }

        return OriginPattern.IsLoopbackHost(name) ? AddressSpace.Loopback : null;
    }

    /// <summary>The name Chromium and the LNA specification use: <c>loopback</c>, <c>local</c> or <c>public</c>.</summary>
    public static string Name(AddressSpace space) => space switch
    {
        AddressSpace.Loopback => "loopback",
        AddressSpace.Local => "local",
        _ => "public",
    };
}
