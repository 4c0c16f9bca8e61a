using System.Net;
using CorsKit.Origins;

namespace CorsKit.Tests.Origins;

/// <summary>
/// <see cref="AddressSpaces"/> against the tables of WICG local-network-access §2.1 "IP address space" (IPv4 and IPv6
/// rows; the cloud metadata address is link-local, so local).
/// </summary>
public class AddressSpacesTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressSpace.Loopback)]
    [InlineData("127.255.255.254", AddressSpace.Loopback)]
    [InlineData("0.0.0.0", AddressSpace.Loopback)]
    [InlineData("::1", AddressSpace.Loopback)]
    [InlineData("::", AddressSpace.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressSpace.Loopback)]
    [InlineData("10.0.0.1", AddressSpace.Local)]
    [InlineData("172.16.0.1", AddressSpace.Local)]
    [InlineData("172.31.255.255", AddressSpace.Local)]
    [InlineData("192.168.1.1", AddressSpace.Local)]
    [InlineData("169.254.169.254", AddressSpace.Local)]
    [InlineData("100.64.0.1", AddressSpace.Local)]
    [InlineData("0.1.2.3", AddressSpace.Local)]
    [InlineData("::ffff:10.1.2.3", AddressSpace.Local)]
    [InlineData("fc00::1", AddressSpace.Local)]
    [InlineData("fd12:3456::1", AddressSpace.Local)]
    [InlineData("fe80::1", AddressSpace.Local)]
    [InlineData("fec0::1", AddressSpace.Local)]
    [InlineData("2001:db8::1", AddressSpace.Local)]
    [InlineData("3fff:fff::1", AddressSpace.Local)]
    [InlineData("172.32.0.1", AddressSpace.Public)]
    [InlineData("172.15.255.255", AddressSpace.Public)]
    [InlineData("100.128.0.1", AddressSpace.Public)]
    [InlineData("192.0.2.10", AddressSpace.Public)]
    [InlineData("8.8.8.8", AddressSpace.Public)]
    [InlineData("2606:4700::1", AddressSpace.Public)]
    [InlineData("3fff:1000::1", AddressSpace.Public)]
    public void Addresses_are_in_the_LNA_space(string address, AddressSpace expected)
    {
        Assert.Equal(expected, AddressSpaces.Of(IPAddress.Parse(address)));
        Assert.Equal(expected, AddressSpaces.OfHost(address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address));
    }

    [Theory]
    [InlineData("localhost", AddressSpace.Loopback)]
    [InlineData("api.localhost", AddressSpace.Loopback)]
    [InlineData("LOCALHOST", AddressSpace.Loopback)]
    [InlineData("localhost.", AddressSpace.Loopback)]
    [InlineData("api.localhost.", AddressSpace.Loopback)]
    [InlineData("localhost..", null)]
    [InlineData("example.com", null)]
    [InlineData("localhost.example.com", null)]
    [InlineData("", null)]
    [InlineData("[", null)]
    public void Names_need_DNS_except_localhost(string host, AddressSpace? expected) => Assert.Equal(expected, AddressSpaces.OfHost(host));

    /// <summary>The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890) rows the relay refuses.</summary>
    [Theory]
    [InlineData("127.0.0.1", AddressRange.Loopback)]
    [InlineData("::1", AddressRange.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressRange.Loopback)]
    [InlineData("0.0.0.0", AddressRange.Unspecified)]
    [InlineData("::", AddressRange.Unspecified)]
    [InlineData("0.1.2.3", AddressRange.ThisNetwork)]
    [InlineData("10.0.0.1", AddressRange.Private)]
    [InlineData("172.16.0.1", AddressRange.Private)]
    [InlineData("172.31.255.255", AddressRange.Private)]
    [InlineData("192.168.0.1", AddressRange.Private)]
    [InlineData("100.64.0.1", AddressRange.CarrierGradeNat)]
    [InlineData("100.127.255.255", AddressRange.CarrierGradeNat)]
    [InlineData("169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("::ffff:169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("fe80::1", AddressRange.LinkLocal)]
    [InlineData("febf::1", AddressRange.LinkLocal)]
    [InlineData("fc00::1", AddressRange.UniqueLocal)]
    [InlineData("fdff::1", AddressRange.UniqueLocal)]
    [InlineData("fec0::1", AddressRange.SiteLocal)]
    [InlineData("2001:db8::1", AddressRange.Documentation)]
    [InlineData("224.0.0.1", AddressRange.Multicast)]
    [InlineData("239.255.255.255", AddressRange.Multicast)]
    [InlineData("ff02::1", AddressRange.Multicast)]
    [InlineData("255.255.255.255", AddressRange.Broadcast)]
    [InlineData("240.0.0.1", AddressRange.Reserved)]
    [InlineData("255.255.255.254", AddressRange.Reserved)]
    [InlineData("172.32.0.1", AddressRange.Public)]
    [InlineData("100.128.0.1", AddressRange.Public)]
    [InlineData("223.255.255.255", AddressRange.Public)]
    [InlineData("192.0.2.10", AddressRange.Public)]
    [InlineData("2606:4700::1", AddressRange.Public)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressRange.Public)]
    public void Addresses_are_in_their_special_purpose_range(string address, AddressRange expected) =>
        Assert.Equal(expected, AddressSpaces.RangeOf(IPAddress.Parse(address)));

    /// <summary>IPv4-compatible (RFC 4291 §2.5.5.1), NAT64 (RFC 6052 §2.1, RFC 8215) and 6to4 (RFC 3056 §2) carry an
    /// IPv4 address; mapped addresses are judged as IPv4 by RangeOf and carry nothing further.</summary>
    [Theory]
    [InlineData("::a9fe:a9fe", "169.254.169.254")]
    [InlineData("::127.0.0.1", "127.0.0.1")]
    [InlineData("::0.0.0.2", "0.0.0.2")]
    [InlineData("64:ff9b::7f00:1", "127.0.0.1")]
    [InlineData("64:ff9b:1::a00:1", "10.0.0.1")]
    [InlineData("2002:a9fe:a9fe::1", "169.254.169.254")]
    [InlineData("::", null)]
    [InlineData("::1", null)]
    [InlineData("::ffff:127.0.0.1", null)]
    [InlineData("64:ff9b:2::7f00:1", null)]
    [InlineData("2606:4700::1", null)]
    [InlineData("127.0.0.1", null)]
    public void Transition_forms_carry_their_IPv4_address(string address, string? expected) =>
        Assert.Equal(expected, AddressSpaces.EmbeddedIPv4(IPAddress.Parse(address))?.ToString());

    [Fact]
    public void Spaces_are_ordered_from_most_private_and_named_as_Chromium_names_them()
    {
        Assert.True(AddressSpace.Loopback < AddressSpace.Local && AddressSpace.Local < AddressSpace.Public);
        Assert.Equal(["loopback", "local", "public"], Enum.GetValues<AddressSpace>().Select(AddressSpaces.Name));
    }
}
