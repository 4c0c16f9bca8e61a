using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using CorsKit.Origins;

namespace CorsKit.Relay;

/// <summary>
/// The connect step of the relay's <see cref="SocketsHttpHandler"/> (its <c>ConnectCallback</c>): the one place where a
/// target's addresses are judged. The name is resolved here, every address is checked by the <see cref="AddressRule"/>,
/// and the socket connects only to an address that passed. Deciding on the address actually connected to, and not on
/// an earlier lookup, is what defeats DNS rebinding (a name that answers a public address to a check and 127.0.0.1 to
/// the connection) and names that a hosts file or a resolver points at internal addresses.
/// </summary>
internal sealed class RelayConnector(AddressRule rule)
{
    private static readonly IPAddress[] LoopbackAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        string? firstRefusal = null;
        Exception? lastFailure = null;
        foreach (var address in addresses)
        {
            if (rule.Refuse(address) is { } why)
            {
                firstRefusal ??= why;
                continue;
            }

            // ::ffff:a.b.c.d was judged as a.b.c.d, and is connected as that (an IPv6 socket would need DualMode).
            var connectTo = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var socket = new Socket(connectTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(connectTo, endpoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastFailure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (lastFailure is not null)
        {
            throw new HttpRequestException($"cannot connect to {endpoint.Host}:{endpoint.Port}: {lastFailure.Message}", lastFailure);
        }

        var host = endpoint.Host;
        throw new RelayRefusedException(new RelayRefusal(RelayRule.NonPublicAddress,
            IPAddress.TryParse(host.Trim('[', ']'), out _)
                ? $"{firstRefusal}; --allow-private-target opts a range in."
                : $"{host} resolves to no public address: {firstRefusal}; --allow-private-target opts a range in."));
    }

    /// <summary>
    /// The addresses to try: an IP literal as is; a localhost name (RFC 6761 §6.3, trailing dot included) as loopback
    /// without asking DNS, as RFC 6761 tells resolvers to; any other name through the system resolver (hosts file
    /// included).
    /// </summary>
    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        if (AddressSpaces.OfHost(bare) == AddressSpace.Loopback)
        {
            return LoopbackAddresses;
        }

        return await Dns.GetHostAddressesAsync(bare, cancellationToken).ConfigureAwait(false);
    }
}
