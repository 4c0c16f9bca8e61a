using System.Buffers.Text;
using System.IO.Compression;
using System.Text;
using CorsKit.Scenarios;
using FsCheck;
using FsCheck.Fluent;

namespace CorsKit.Tests.Scenarios;

public sealed class ScenarioLinkTests
{
    public static TheoryData<string> Slugs() => [.. ScenarioGallery.Entries.Select(e => e.Slug)];

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Every_gallery_scenario_round_trips_through_json_and_the_fragment(string slug)
    {
        var scenario = ScenarioGallery.Find(slug)!.Scenario;
        Assert.True(Scenario.TryFromJson(scenario.ToJson(), out var back, out var error), error);
        Assert.Equal(scenario.ToJson(), back.ToJson());
        var fragment = ScenarioLink.Encode(scenario);
        Assert.StartsWith("v1.", fragment, StringComparison.Ordinal);
        // URL-safe: base64url's alphabet only (RFC 4648 §5), nothing a URL would escape.
        Assert.All(fragment[3..], c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}'"));
        Assert.True(ScenarioLink.TryDecode("#" + fragment, out var decoded));
        Assert.Equal(scenario.ToJson(), decoded.ToJson());
    }

    [Fact]
    public void Json_uses_the_names_the_contract_gives()
    {
        var json = ScenarioGallery.Get(ScenarioGalleryId.CrossOriginRedirect).Scenario.ToJson();
        Assert.Contains("\"pageOrigin\":\"https://app.example\"", json, StringComparison.Ordinal);
        Assert.Contains("\"credentials\":\"SameOrigin\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Raw\"", json, StringComparison.Ordinal);
        Assert.Contains("\"redirects\":[{\"status\":302,\"location\":\"https://cdn.example/new\"}]", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("v1.")]
    [InlineData("v1.!!!")]
    [InlineData("v2.AAAA")]
    [InlineData("v1.AAAA")]
    [InlineData("#v1.____")]
    public void Malformed_fragments_are_refused(string? fragment) => Assert.False(ScenarioLink.TryDecode(fragment, out _));

    [Fact]
    public void Json_with_nulls_for_lists_reads_as_the_defaults()
    {
        Assert.True(Scenario.TryFromJson("""{"headers":null,"server":{"redirects":[null],"actualHeaders":null}}""", out var s, out var error), error);
        Assert.Empty(s.Headers);
        Assert.Empty(s.Server.Redirects);
        Assert.Empty(s.Server.ActualHeaders);
        Assert.False(Scenario.TryFromJson("""{"credentials":"sometimes"}""", out _, out error));
        Assert.StartsWith("The scenario is not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deflate_bomb_is_refused()
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes("{\"method\":\"" + new string('A', ScenarioLink.MaxJsonBytes) + "\"}"));
        }
        Assert.False(ScenarioLink.TryDecode("v1." + Base64Url.EncodeToString(buffer.ToArray()), out _));
    }

    [Fact]
    public void Arbitrary_text_never_throws() =>
        Prop.ForAll<string>(text => { ScenarioLink.TryDecode(text, out _); ScenarioLink.TryDecode("v1." + text, out _); return true; })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Arbitrary_bytes_in_a_well_formed_wrapper_never_throw() =>
        Prop.ForAll<byte[]>(bytes =>
        {
            // Raw bytes as if deflated, and the bytes deflated (so the JSON reader sees them).
            ScenarioLink.TryDecode("v1." + Base64Url.EncodeToString(bytes ?? []), out _);
            using var buffer = new MemoryStream();
            using (var deflate = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(bytes ?? []);
            }
            ScenarioLink.TryDecode("v1." + Base64Url.EncodeToString(buffer.ToArray()), out _);
            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Every_truncation_and_one_character_change_of_a_real_fragment_never_throws()
    {
        var fragment = ScenarioLink.Encode(ScenarioGallery.Get(ScenarioGalleryId.PolicyAllowsPut).Scenario);
        for (var i = 0; i <= fragment.Length; i++)
        {
            ScenarioLink.TryDecode(fragment[..i], out _);
            if (i < fragment.Length)
            {
                ScenarioLink.TryDecode(fragment[..i] + (fragment[i] == 'A' ? 'B' : 'A') + fragment[(i + 1)..], out _);
            }
        }
    }

    [Fact]
    public void Arbitrary_json_never_throws() =>
        Prop.ForAll<string>(text => { Scenario.TryFromJson(text, out _, out _); Scenario.TryFromJson("{\"server\":" + text + "}", out _, out _); return true; })
            .QuickCheckThrowOnFailure();
}
