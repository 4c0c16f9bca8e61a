using System.Net;
using System.Net.Sockets;
using CorsKit.Origins;

namespace CorsKit.Cli.Check;

/// <summary>
/// Chromium's Local Network Access gate (WICG local-network-access; on by default since Chromium 142): a page may reach
/// a more private address space (public → local → loopback) only after the user grants a permission, and only from a
/// secure context. CorsKit's model does not know IP addresses, so <c>check</c> cannot decide it; it warns when the gate
/// applies, without changing the verdict. Address spaces per LNA §2 (IPv4 and IPv6 tables).
/// </summary>
internal static class LocalNetworkAccess
{
    private enum Space
    {
        Loopback = 0,
        Local = 1,
        Public = 2,
    }

    /// <summary>A warning when <paramref name="page"/> reaching <paramref name="url"/> would need the permission, else null.</summary>
    public static async Task<string?> WarningAsync(Origin page, Uri url, CancellationToken cancellationToken)
    {
        if (page.IsOpaque)
        {
            return null;
        }

        var from = HostSpace(page.Host.Trim('[', ']'));
        var to = await TargetSpaceAsync(url, cancellationToken).ConfigureAwait(false);
        if (to is null || from is null || to >= from)
        {
            return null;
        }

        var name = to == Space.Loopback ? "loopback" : "local";
        var secure = page.Scheme == "https" || from == Space.Loopback;
        return secure
            ? $"Chromium asks the user before a page on {page} (a {Name(from.Value)} address) may reach the {name} address space of {url.Host}"
              + $" (Local Network Access). If the user declines, the request fails before CORS with LocalNetworkAccessPermissionDenied: \"Permission was denied for this request to access the `{name}` address space.\""
            : $"{page} is not a secure context, so Chromium refuses its requests to the {name} address space of {url.Host} before CORS (InsecureLocalNetwork), whatever the server sends.";
    }

    private static string Name(Space space) => space switch { Space.Loopback => "loopback", Space.Local => "local", _ => "public" };

    // A page's address space is the IP it was loaded from; from the origin alone we know it for IP literals and
    // localhost, and assume public for any other name.
    private static Space? HostSpace(string host)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return Classify(ip);
        }

        return host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal) ? Space.Loopback : Space.Public;
    }

    private static async Task<Space?> TargetSpaceAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = url.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip))
        {
            return Classify(ip);
        }

        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return Space.Loopback;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            return addresses.Length == 0 ? null : Classify(addresses[0]);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static Space Classify(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.IPv6None) || ip.Equals(IPAddress.Any))
        {
            return Space.Loopback;
        }

        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            var local = b[0] == 10 || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
            return local ? Space.Local : Space.Public;
        }

        var v6 = ip.GetAddressBytes();
        var privateV6 = (v6[0] & 0xFE) == 0xFC || (v6[0] == 0xFE && (v6[1] & 0xC0) == 0x80) || (v6[0] == 0xFE && (v6[1] & 0xC0) == 0xC0);
        return privateV6 ? Space.Local : Space.Public;
    }
}
