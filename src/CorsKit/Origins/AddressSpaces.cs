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
    public static AddressSpace Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        // LNA: 127.0.0.0/8, 0.0.0.0/32, ::1/128 and ::/128 are loopback.
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return AddressSpace.Loopback;
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var local = b[0] is 10 or 0 // 10/8 (RFC 1918), 0/8 ("this network")
                || (b[0] == 172 && b[1] is >= 16 and <= 31) // 172.16/12
                || (b[0] == 192 && b[1] == 168) // 192.168/16
                || (b[0] == 169 && b[1] == 254) // 169.254/16 link-local, where cloud metadata lives
                || (b[0] == 100 && b[1] is >= 64 and <= 127); // 100.64/10 carrier-grade NAT
            return local ? AddressSpace.Local : AddressSpace.Public;
        }

        var localV6 = (b[0] & 0xFE) == 0xFC // fc00::/7 unique local
            || (b[0] == 0xFE && (b[1] & 0xC0) is 0x80 or 0xC0) // fe80::/10 link-local, fec0::/10 site-local
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // 2001:db8::/32 documentation
            || (b[0] == 0x3F && b[1] == 0xFF && (b[2] & 0xF0) == 0); // 3fff::/20 documentation
        return localV6 ? AddressSpace.Local : AddressSpace.Public;
    }

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

        return OriginPattern.IsLoopbackHost(host.ToLowerInvariant()) ? AddressSpace.Loopback : null;
    }

    /// <summary>The name Chromium and the LNA specification use: <c>loopback</c>, <c>local</c> or <c>public</c>.</summary>
    public static string Name(AddressSpace space) => space switch
    {
        AddressSpace.Loopback => "loopback",
        AddressSpace.Local => "local",
        _ => "public",
    };
}
