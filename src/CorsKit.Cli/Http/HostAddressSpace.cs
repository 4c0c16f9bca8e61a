using System.Net;
using System.Net.Sockets;
using CorsKit.Origins;

namespace CorsKit.Cli.Http;

/// <summary>
/// The address space a URL's host reaches, for the Local Network Access rules of <c>check</c> and <c>audit</c>. The
/// classification itself is <see cref="AddressSpaces"/>; this adds DNS for host names.
/// </summary>
internal static class HostAddressSpace
{
    /// <summary>
    /// The space of <paramref name="url"/>'s host: IP literals and localhost names directly, other names by DNS. A name
    /// with several addresses counts as the most private of them, since the connection may use any one. Null when the
    /// name does not resolve (the request then fails on its own).
    /// </summary>
    public static async Task<AddressSpace?> OfAsync(Uri url, CancellationToken cancellationToken)
    {
        if (AddressSpaces.OfHost(url.Host) is { } known)
        {
            return known;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken).ConfigureAwait(false);
            return addresses.Length == 0 ? null : addresses.Select(AddressSpaces.Of).Min();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
