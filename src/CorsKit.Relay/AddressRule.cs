using System.Net;
using CorsKit.Origins;

namespace CorsKit.Relay;

/// <summary>
/// Which addresses the relay may connect to: public addresses, and the non-public ranges the operator opted in
/// (<c>--allow-private-target CIDR</c>). The ranges themselves are <see cref="AddressSpaces.RangeOf"/>'s; an IPv6 address
/// that carries an IPv4 address (<see cref="AddressSpaces.EmbeddedIPv4"/>: IPv4-compatible, NAT64, 6to4) must pass for
/// both, since a translator on the path may deliver it to the IPv4 address.
/// </summary>
internal sealed class AddressRule
{
    private readonly IReadOnlyList<IPNetwork> _optedIn;

    private AddressRule(IReadOnlyList<IPNetwork> optedIn) => _optedIn = optedIn;

    /// <summary>Builds the rule, adding a message to <paramref name="errors"/> for each entry that is not a CIDR range.</summary>
    public static AddressRule? Create(IReadOnlyList<string> cidrs, List<string> errors)
    {
        var networks = new List<IPNetwork>();
        var ok = true;
        foreach (var text in cidrs)
        {
            // IPNetwork.TryParse masks host bits away ("10.0.0.1/8" becomes 10.0.0.0/8); an entry must mean exactly
            // the range it spells, so the address as written must be the network's base address.
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPNetwork.TryParse(text, out var network) || !IPAddress.TryParse(text.AsSpan(0, slash), out var written)
                || !written.Equals(network.BaseAddress))
            {
                errors.Add($"--allow-private-target '{text}' is not an address range in CIDR form with no bits set after the prefix, such as 10.0.0.0/8, 127.0.0.1/32 or fd00::/8.");
                ok = false;
                continue;
            }

            networks.Add(network);
        }

        return ok ? new AddressRule(networks) : null;
    }

    /// <summary>Null when the relay may connect to <paramref name="address"/>; otherwise why not.</summary>
    public string? Refuse(IPAddress address)
    {
        var embedded = AddressSpaces.EmbeddedIPv4(address);
        var judged = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var range = AddressSpaces.RangeOf(judged);
        if (range != AddressRange.Public && !OptedIn(judged))
        {
            return $"{address} is {AddressSpaces.Describe(range)}";
        }

        if (embedded is not null && AddressSpaces.RangeOf(embedded) is var inner && inner != AddressRange.Public && !OptedIn(embedded))
        {
            return $"{address} carries {embedded}, {AddressSpaces.Describe(inner)}";
        }

        return null;
    }

    private bool OptedIn(IPAddress address)
    {
        foreach (var network in _optedIn)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
