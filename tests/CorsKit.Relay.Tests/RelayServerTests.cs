using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CorsKit.Relay.Tests;

/// <summary>
/// The relay against a real API on loopback (<see cref="LocalApi"/>). Loopback is refused by default, so these tests
/// opt it in with <see cref="RelayOptions.AllowedPrivateTargets"/> where the request is meant to go through, and leave
/// it out where the refusal is the point. Addresses other than loopback are only ever used in
/// <see cref="RelayNamespaceTests"/>, inside a network namespace.
/// </summary>
public sealed class RelayServerTests
{
    private const string Page = "http://localhost:3000";

    private static RelayOptions Options(LocalApi api, params string[] privateTargets) => new()
    {
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        AllowedOrigins = [Page],
        AllowedTargets = [api.V4, $"http://[::1]:{api.Port}", $"http://localhost:{api.Port}"],
        AllowedPrivateTargets = privateTargets,
    };

    private static HttpClient Client() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });

    private static async Task<HttpResponseMessage> SendAsync(RelayServer relay, string target, HttpMethod? method = null, string? origin = Page,
        Action<HttpRequestMessage>? configure = null)
    {
        using var client = Client();
        // The target goes into the path exactly as written: Uri would canonicalise it on the client side first.
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(relay.Address.GetLeftPart(UriPartial.Authority) + "/" + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> RawAsync(RelayServer relay, string rawTarget)
    {
        // For targets HttpClient would refuse or rewrite (backslashes, zone ids): a hand-written HTTP/1.1 request.
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, relay.Address.Port);
        var stream = socket.GetStream();
        var text = $"GET {rawTarget} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {Page}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text));
        var answer = await new StreamReader(stream, Encoding.Latin1).ReadToEndAsync();
        var status = int.Parse(answer.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]) };
        foreach (var line in answer[..answer.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            response.Headers.TryAddWithoutValidation(line[..colon], line[(colon + 1)..].Trim());
        }

        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static async Task AssertRefusedAsync(HttpResponseMessage response, RelayRule rule, string? reasonPart = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(RelayRules.Status(rule) == (int)response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(RelayRules.Name(rule), Header(response, "X-CorsKit-Relay-Rule"));
        Assert.StartsWith($"corskit relay refused this request ({RelayRules.Name(rule)}): ", body, StringComparison.Ordinal);
        Assert.Single(body.TrimEnd('\n').Split('\n'));
        if (reasonPart is not null)
        {
            Assert.Contains(reasonPart, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Relays_a_request_to_a_local_api_with_cors_headers_and_without_credentials_or_cookies()
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8"));

        var response = await SendAsync(relay, $"{api.V4}/v1/items?page=2", configure: r =>
        {
            r.Headers.Add("Cookie", "sid=secret");
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token");
            r.Headers.Add("X-Custom", "kept");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"method\":\"GET\",\"path\":\"/v1/items\",\"body\":\"\"}", await response.Content.ReadAsStringAsync());
        // The relay's own policy answers (Fetch §4.9 CORS check: exactly one Access-Control-Allow-Origin), not the API's '*'.
        Assert.Equal(Page, Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(response, "Set-Cookie"));
        Assert.Equal("items", Header(response, "X-Api"));
        Assert.Equal("application/json", Header(response, "Content-Type"));
        var seen = Assert.Single(api.Seen);
        Assert.Equal("/v1/items?page=2", seen.Path);
        Assert.Null(seen.Cookie);
        Assert.Null(seen.Authorization);
    }

    [Fact]
    public async Task Forwards_cookie_and_authorization_only_when_named_and_relays_a_post_body()
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8") with
        {
            ForwardedCredentials = [RelayCredentialHeader.Cookie, RelayCredentialHeader.Authorization],
        });

        var response = await SendAsync(relay, $"{api.V4}/v1/items", HttpMethod.Post, configure: r =>
        {
            r.Headers.Add("Cookie", "sid=secret");
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token");
            r.Content = new StringContent("hello", Encoding.UTF8, "text/plain");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(api.Seen);
        Assert.Equal(("POST", "sid=secret", "Bearer token", "hello"), (seen.Method, seen.Cookie, seen.Authorization, seen.Body));
    }

    [Fact]
    public async Task Answers_preflights_itself_and_never_forwards_them()
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8"));

        var allowed = await SendAsync(relay, $"{api.V4}/v1/items", HttpMethod.Options, configure: r =>
        {
            r.Headers.Add("Access-Control-Request-Method", "PUT");
            r.Headers.Add("Access-Control-Request-Headers", "content-type,x-custom");
        });
        var denied = await SendAsync(relay, $"{api.V4}/v1/items", HttpMethod.Options, origin: "https://evil.example", configure: r =>
            r.Headers.Add("Access-Control-Request-Method", "PUT"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Page, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Equal("PUT", Header(allowed, "Access-Control-Allow-Methods"));
        Assert.Null(Header(denied, "Access-Control-Allow-Origin"));
        Assert.Empty(api.Seen);
    }

    [Fact]
    public async Task Refuses_callers_without_an_allowed_origin()
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8"));

        var none = await SendAsync(relay, $"{api.V4}/v1/items", origin: null);
        var other = await SendAsync(relay, $"{api.V4}/v1/items", origin: "https://evil.example");

        await AssertRefusedAsync(none, RelayRule.NoOrigin);
        await AssertRefusedAsync(other, RelayRule.OriginNotAllowed, "https://evil.example");
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
        Assert.Empty(api.Seen);
    }

    /// <summary>Every spelling of a loopback address, and loopback names, is refused on the resolved address when
    /// loopback is not opted in. Host canonicalisation per URL Standard §3.5 (IPv4 parser: decimal, octal, hex, fewer
    /// than four parts; IPv6 serializer); localhost names per RFC 6761 §6.3.</summary>
    [Theory]
    [InlineData("http://127.0.0.1:{0}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://2130706433:{0}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1:{0}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.1:{0}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.1:{0}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.0.0.2:{0}/", "127.0.0.2 is a loopback address")]
    [InlineData("http://%31%32%37.0.0.1:{0}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]:{0}/", "::1 is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/", "::ffff:127.0.0.1 is a loopback address")]
    [InlineData("http://[::ffff:7f00:1]:{0}/", "::ffff:127.0.0.1 is a loopback address")]
    [InlineData("http://0.0.0.0:{0}/", "0.0.0.0 is the unspecified address")]
    [InlineData("http://0:{0}/", "0.0.0.0 is the unspecified address")]
    [InlineData("http://[::]:{0}/", ":: is the unspecified address")]
    [InlineData("http://localhost:{0}/", "localhost resolves to no public address")]
    [InlineData("http://localhost.:{0}/", "localhost. resolves to no public address")]
    [InlineData("http://LOCALHOST:{0}/", "localhost resolves to no public address")]
    [InlineData("http://api.localhost:{0}/", "api.localhost resolves to no public address")]
    public async Task Refuses_every_spelling_of_loopback_even_with_any_target_allowed(string target, string reason)
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api) with { AllowedTargets = [], DangerouslyAllowAnyTarget = true });

        var response = await SendAsync(relay, string.Format(System.Globalization.CultureInfo.InvariantCulture, target, api.Port) + "admin");

        await AssertRefusedAsync(response, RelayRule.NonPublicAddress, reason);
        // The refusal is readable by the page: the CORS layer's headers are on it.
        Assert.Equal(Page, Header(response, "Access-Control-Allow-Origin"));
        Assert.Empty(api.Seen);
    }

    /// <summary>The control for the test above: with loopback opted in, the same spellings reach the API, so it was the
    /// address rule that refused them, not a parse failure.</summary>
    [Theory]
    [InlineData("http://2130706433:{0}/")]
    [InlineData("http://0x7f.1:{0}/")]
    [InlineData("http://[::ffff:7f00:1]:{0}/")]
    [InlineData("http://[::1]:{0}/")]
    [InlineData("http://localhost.:{0}/")]
    public async Task Reaches_the_same_spellings_when_loopback_is_opted_in(string target)
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8", "::1/128") with { AllowedTargets = [], DangerouslyAllowAnyTarget = true });

        var response = await SendAsync(relay, string.Format(System.Globalization.CultureInfo.InvariantCulture, target, api.Port) + "ok");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/ok", Assert.Single(api.Seen).Path);
    }

    [Theory]
    [InlineData("/https:/api.example.com/v1", RelayRule.MangledTarget, "two slashes")]
    [InlineData("/https:api.example.com/v1", RelayRule.MangledTarget, "two slashes")]
    [InlineData("/https:\\\\api.example.com/v1", RelayRule.MangledTarget, "two slashes")]
    [InlineData("/https://api.example.com\\v1", RelayRule.MangledTarget, "backslash")]
    [InlineData("/http://127.0.0.1\\@api.example.com/", RelayRule.MangledTarget, "backslash")]
    [InlineData("/https://user:pw@api.example.com/v1", RelayRule.CredentialsInTarget, "user name or password")]
    [InlineData("/https://@api.example.com/v1", RelayRule.CredentialsInTarget, "user info")]
    [InlineData("/http://[::1%25lo]:8080/", RelayRule.MangledTarget, "not a valid URL")]
    [InlineData("/http://[fe80::1%25eth0]/", RelayRule.MangledTarget, "not a valid URL")]
    [InlineData("/ftp://api.example.com/", RelayRule.MangledTarget, "absolute http")]
    [InlineData("/api.example.com/v1", RelayRule.MangledTarget, "absolute http")]
    [InlineData("/", RelayRule.MangledTarget, "absolute http")]
    [InlineData("/https://api.example.com/v1", RelayRule.TargetNotAllowed, "https://api.example.com is not in the target allow-list")]
    [InlineData("/https://API.EXAMPLE.com./v1", RelayRule.TargetNotAllowed, "https://api.example.com. is not in the target allow-list")]
    public async Task Refuses_mangled_and_unlisted_targets_without_repairing_them(string rawTarget, RelayRule rule, string? reason)
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8"));

        var response = await RawAsync(relay, rawTarget);

        await AssertRefusedAsync(response, rule, reason);
        Assert.Empty(api.Seen);
    }

    [Fact]
    public async Task Follows_an_allowed_redirect_and_refuses_one_to_a_refused_target()
    {
        await using var api = await LocalApi.StartAsync();
        // Loopback is opted in for 127.0.0.0/8 only: [::1] stays refused, although the API listens there too.
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8"));
        var redirect = $"{api.V4}/redirect?to=";

        var followed = await SendAsync(relay, redirect + Uri.EscapeDataString("/ok"));
        var post = await SendAsync(relay, redirect + Uri.EscapeDataString("/after-post") + "&status=302", HttpMethod.Post, configure: r => r.Content = new StringContent("x"));
        var replayed = await SendAsync(relay, redirect + Uri.EscapeDataString("/after-307") + "&status=307", HttpMethod.Post, configure: r => r.Content = new StringContent("again"));
        var toIpv6 = await SendAsync(relay, redirect + Uri.EscapeDataString($"http://[::1]:{api.Port}/admin"));
        var toUnlisted = await SendAsync(relay, redirect + Uri.EscapeDataString($"http://127.0.0.2:{api.Port}/admin"));
        var toMangled = await SendAsync(relay, redirect + Uri.EscapeDataString($"http:\\\\127.0.0.1:{api.Port}/admin"));
        var toOneSlash = await SendAsync(relay, redirect + Uri.EscapeDataString($"http:/127.0.0.1:{api.Port}/admin"));
        var toCredentials = await SendAsync(relay, redirect + Uri.EscapeDataString($"http://u:p@127.0.0.1:{api.Port}/admin"));
        var loop = await SendAsync(relay, $"{api.V4}/loop");

        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal($"{api.V4}/ok", Header(followed, "X-Final-Url"));
        Assert.Equal(Page, Header(followed, "Access-Control-Allow-Origin"));
        Assert.Contains(api.Seen, s => s is { Method: "GET", Path: "/after-post" });
        Assert.Contains(api.Seen, s => s is { Method: "POST", Path: "/after-307", Body: "again" });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await AssertRefusedAsync(toIpv6, RelayRule.NonPublicAddress, "::1 is a loopback address");
        await AssertRefusedAsync(toUnlisted, RelayRule.TargetNotAllowed, "redirect 1 from");
        await AssertRefusedAsync(toMangled, RelayRule.MangledTarget, "redirect 1 from");
        await AssertRefusedAsync(toOneSlash, RelayRule.MangledTarget, "two slashes");
        await AssertRefusedAsync(toCredentials, RelayRule.CredentialsInTarget, "redirect 1 from");
        await AssertRefusedAsync(loop, RelayRule.RedirectLimit, "more than 5 times");
        Assert.Equal(6, api.Seen.Count(s => s.Path == "/loop"));
        Assert.DoesNotContain(api.Seen, s => s.Path == "/admin");
    }

    [Fact]
    public async Task Limits_request_and_response_bodies()
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8") with { MaxRequestBodyBytes = 10, MaxResponseBodyBytes = 50 });

        var bigRequest = await SendAsync(relay, $"{api.V4}/upload", HttpMethod.Post, configure: r => r.Content = new StringContent(new string('y', 11)));
        var chunkedRequest = await SendAsync(relay, $"{api.V4}/upload", HttpMethod.Post, configure: r =>
        {
            r.Content = new StreamContent(new MemoryStream(new byte[11]));
            r.Headers.TransferEncodingChunked = true;
        });
        var bigResponse = await SendAsync(relay, $"{api.V4}/big");
        var chunkedResponse = await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var response = await SendAsync(relay, $"{api.V4}/big-chunked");
            await response.Content.ReadAsByteArrayAsync();
        });

        await AssertRefusedAsync(bigRequest, RelayRule.RequestTooLarge, "(11 bytes)");
        await AssertRefusedAsync(chunkedRequest, RelayRule.RequestTooLarge, "limit of 10 bytes");
        await AssertRefusedAsync(bigResponse, RelayRule.ResponseTooLarge, "100 bytes");
        Assert.NotNull(chunkedResponse);
        Assert.DoesNotContain(api.Seen, s => s.Path == "/upload");
    }

    [Fact]
    public async Task Rate_limits_each_client_and_says_when_to_retry()
    {
        await using var api = await LocalApi.StartAsync();
        await using var relay = await RelayServer.StartAsync(Options(api, "127.0.0.0/8") with { RequestsPerMinute = 2 });

        var first = await SendAsync(relay, $"{api.V4}/1");
        var second = await SendAsync(relay, $"{api.V4}/2");
        var third = await SendAsync(relay, $"{api.V4}/3");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await AssertRefusedAsync(third, RelayRule.RateLimited);
        Assert.Equal(Page, Header(third, "Access-Control-Allow-Origin"));
        Assert.True(int.Parse(Header(third, "Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 30);
        Assert.DoesNotContain(api.Seen, s => s.Path == "/3");
    }

    /// <summary>A target answering with a UTF-8 header value (RFC 9110 §5.5 allows obs-text octets): the bytes reach
    /// the page unchanged instead of a 500 from Kestrel's ASCII check. The target is a raw TCP listener on loopback,
    /// since Kestrel itself would refuse to send such a header.</summary>
    [Fact]
    public async Task Passes_header_bytes_through_unchanged()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var seen = "";
            while (!seen.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                seen += Encoding.Latin1.GetString(buffer, 0, await stream.ReadAsync(buffer));
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nX-Name: café\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
        });
        await using var relay = await RelayServer.StartAsync(new RelayOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            AllowedOrigins = [Page],
            AllowedTargets = [$"http://127.0.0.1:{port}"],
            AllowedPrivateTargets = ["127.0.0.1/32"],
        });

        var response = await RawAsync(relay, $"/http://127.0.0.1:{port}/name");
        await serve;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // RawAsync reads the answer as Latin-1, so UTF-8 "é" shows as its two bytes.
        Assert.Equal("caf\u00C3\u00A9", Header(response, "X-Name"));
    }

    [Fact]
    public async Task Rejects_options_that_are_not_safe_with_every_problem_listed()
    {
        var none = await Assert.ThrowsAsync<RelayOptionsException>(() => RelayServer.StartAsync(new RelayOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }));
        var bad = await Assert.ThrowsAsync<RelayOptionsException>(() => RelayServer.StartAsync(new RelayOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            AllowedOrigins = [Page],
            AllowedTargets = ["*", "ftp://files.example.com"],
            AllowedPrivateTargets = ["10.0.0.1/8", "localhost"],
        }));
        var both = await Assert.ThrowsAsync<RelayOptionsException>(() => RelayServer.StartAsync(new RelayOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            AllowedOrigins = [Page],
            AllowedTargets = ["https://api.example.com"],
            DangerouslyAllowAnyTarget = true,
        }));

        Assert.Equal(2, none.Errors.Count);
        Assert.StartsWith("a target allow-list is required", none.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("an origin allow-list is required", none.Errors[1], StringComparison.Ordinal);
        Assert.True(bad.Errors.Count == 4, string.Join("\n", bad.Errors));
        Assert.Contains("--dangerously-allow-any-target", bad.Errors[0], StringComparison.Ordinal);
        Assert.Contains("'ftp://files.example.com' is not an http:// or https:// origin", bad.Errors[1], StringComparison.Ordinal);
        Assert.Contains("'10.0.0.1/8' is not an address range", bad.Errors[2], StringComparison.Ordinal);
        Assert.Contains("'localhost' is not an address range", bad.Errors[3], StringComparison.Ordinal);
        Assert.Equal("--allow-target and --dangerously-allow-any-target cannot be combined: choose the allow-list or none.", Assert.Single(both.Errors));
    }
}
