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
    [InlineData("example.com", null)]
    [InlineData("localhost.example.com", null)]
    [InlineData("", null)]
    [InlineData("[", null)]
    public void Names_need_DNS_except_localhost(string host, AddressSpace? expected) => Assert.Equal(expected, AddressSpaces.OfHost(host));

    [Fact]
    public void Spaces_are_ordered_from_most_private_and_named_as_Chromium_names_them()
    {
        Assert.True(AddressSpace.Loopback < AddressSpace.Local && AddressSpace.Local < AddressSpace.Public);
        Assert.Equal(["loopback", "local", "public"], Enum.GetValues<AddressSpace>().Select(AddressSpaces.Name));
    }
}
