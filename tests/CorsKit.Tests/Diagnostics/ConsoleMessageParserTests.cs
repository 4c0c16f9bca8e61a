using System.Text;
using CorsKit.Diagnostics;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using CorsKit.Tests.Model;
using static CorsKit.Tests.Model.ScriptedServer;

namespace CorsKit.Tests.Diagnostics;

/// <summary>
/// The console-text recogniser reads back every message the browser model writes (one template table for both,
/// cors_error_string.cc), and real-world lines from browser-cors.md §4.4.
/// </summary>
public class ConsoleMessageParserTests
{
    /// <summary>The failed parameter the model reports for each code, as Chromium fills it (browser-cors.md §3.3/§3.4).</summary>
    internal static (string Parameter, string? Hint) ParameterFor(ChromiumCorsError code) => code switch
    {
        ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.PreflightMultipleAllowOriginValues => ("https://a.example, https://x.example", null),
        ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.PreflightInvalidAllowOriginValue => ("not an origin", null),
        ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch => ("https://a.example/", null),
        ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials => ("True", null),
        ChromiumCorsError.MethodDisallowedByPreflightResponse => ("patch", null),
        ChromiumCorsError.HeaderDisallowedByPreflightResponse => ("x-api-key", null),
        ChromiumCorsError.InsecureLocalNetwork or ChromiumCorsError.InvalidLocalNetworkAccess or ChromiumCorsError.LocalNetworkAccessPermissionDenied => ("", "loopback"),
        _ => ("", null),
    };

    public static TheoryData<ChromiumCorsError, Initiator, bool> EveryCode()
    {
        var data = new TheoryData<ChromiumCorsError, Initiator, bool>();
        foreach (var code in Enum.GetValues<ChromiumCorsError>())
        {
            foreach (var initiator in Enum.GetValues<Initiator>())
            {
                data.Add(code, initiator, false);
                data.Add(code, initiator, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCode))]
    public void Every_message_the_model_writes_is_read_back(ChromiumCorsError code, Initiator initiator, bool redirected)
    {
        var (parameter, hint) = ParameterFor(code);
        var first = new Uri("https://b.example/api?q=1");
        var last = redirected ? new Uri("https://c.example/v2/api") : first;
        var context = new FailureContext
        {
            Request = new CorsRequest { Origin = Origin.Parse("https://a.example"), Url = first, Initiator = initiator },
            LastUrl = last, Method = "GET", SerializedOrigin = "https://a.example",
        };
        var written = CorsFailures.Cors(code, parameter, context, hint);

        var parsed = ConsoleMessageParser.Parse(written.ChromiumMessage);

        var message = Assert.Single(parsed.Messages);
        Assert.Equal(code, message.Code);
        Assert.Equal(written.FailedParameter, message.FailedParameter);
        Assert.Equal(last.AbsoluteUri, message.Url);
        Assert.Equal(redirected ? first.AbsoluteUri : null, message.RedirectedFrom);
        Assert.Equal("https://a.example", message.Origin);
        Assert.Equal(initiator, message.Initiator);
        Assert.Equal(ChromiumConsoleText.For(code).FixedHint ?? hint ?? "", message.Hint);
        Assert.Equal(written.ChromiumMessage, message.Text);
        // The explanation and fix are the model's own, for the same code.
        var explained = message.Explain();
        Assert.Equal(code, explained.Code);
        Assert.False(string.IsNullOrWhiteSpace(explained.Fix));
        Assert.NotEmpty(explained.Causes);
    }

    [Fact]
    public void Every_code_has_a_template() =>
        Assert.Equal(Enum.GetValues<ChromiumCorsError>().Order(), ChromiumConsoleText.Templates.Select(t => t.Code).Order());

    [Fact]
    public async Task Messages_from_model_runs_are_read_back_with_their_parameter()
    {
        // Non-ASCII and control characters are \u-escaped in the message (EncodeHint) and decoded again.
        var request = new CorsRequest { Origin = Origin.Parse("https://a.example"), Url = new Uri("https://b.example/api") };
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(request,
            new ScriptedServer(_ => Respond(200, new HttpHeader("Access-Control-Allow-Origin", "https://\u00E9.example\u000B"))).Transport);
        Assert.Contains("\\u00E9", verdict.Failure!.ChromiumMessage, StringComparison.Ordinal);

        var message = Assert.Single(ConsoleMessageParser.Parse(verdict.Failure.ChromiumMessage).Messages);
        Assert.Equal(verdict.Failure.Code, message.Code);
        Assert.Equal(verdict.Failure.FailedParameter, message.FailedParameter);
    }

    [Fact]
    public void DevTools_prefixes_and_companion_lines_are_handled()
    {
        const string text = """
            index.html:1 Access to fetch at 'http://127.0.0.1:5001/api' from origin 'http://127.0.0.1:5000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.
            app.js:12  GET http://127.0.0.1:5001/api net::ERR_FAILED 200 (OK)
            Failed to load resource: net::ERR_FAILED
            """;
        var parsed = ConsoleMessageParser.Parse(text.Replace("\n", "\r\n", StringComparison.Ordinal));

        var message = Assert.Single(parsed.Messages);
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, message.Code);
        Assert.Equal("http://127.0.0.1:5001/api", message.Url);
        Assert.StartsWith("Access to fetch", message.Text, StringComparison.Ordinal);
        Assert.Equal(1, message.Line);
        Assert.Equal(2, parsed.CompanionLines);
        Assert.Equal(0, parsed.UnrecognisedLines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_companion_line_names_the_method(bool before)
    {
        const string message = "Access to fetch at 'https://b.example/x' from origin 'https://a.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";
        const string companion = "app.js:4  DELETE https://b.example/x net::ERR_FAILED 500 (Internal Server Error)";
        var parsed = ConsoleMessageParser.Parse(before ? companion + "\n" + message : message + "\n" + companion);

        Assert.Equal("DELETE", Assert.Single(parsed.Messages).Method);
        Assert.Contains("OPTIONS https://b.example/x", parsed.Messages[0].Explain().Explanation, StringComparison.Ordinal);
        // Another URL's line says nothing about this message.
        Assert.Null(Assert.Single(ConsoleMessageParser.Parse(message + "\nPUT https://b.example/y net::ERR_FAILED").Messages).Method);
    }

    [Theory]
    // browser-cors.md §4.4: the older fetch suffix, and the older no-cors sentence after a missing header.
    [InlineData("Access to fetch at 'https://b.example/x' from origin 'https://a.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values '*, *', but only one is allowed. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
        ChromiumCorsError.MultipleAllowOriginValues, "*, *")]
    [InlineData("Access to fetch at 'https://b.example/x' from origin 'https://a.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
        ChromiumCorsError.MissingAllowOriginHeader, "")]
    [InlineData("Access to fetch at 'http://localhost:3000/x' from origin 'https://app.example' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.",
        ChromiumCorsError.LocalNetworkAccessPermissionDenied, "")]
    // Another embedder's scheme list still reads as CorsDisabledScheme.
    [InlineData("Access to fetch at 'http://b.example/x' from origin 'https://a.example' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-untrusted, data, http, https.",
        ChromiumCorsError.CorsDisabledScheme, "")]
    // browser-cors.md §4.4: a module script loaded by a page opened from file://.
    [InlineData("Access to script at 'file:///home/me/site/main.js' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.",
        ChromiumCorsError.CorsDisabledScheme, "")]
    [InlineData("Access to font at 'https://cdn.example/f.woff2' from origin 'https://a.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        ChromiumCorsError.MissingAllowOriginHeader, "")]
    public void Real_world_lines_are_recognised(string line, ChromiumCorsError code, string parameter)
    {
        var message = Assert.Single(ConsoleMessageParser.Parse(line).Messages);
        Assert.Equal(code, message.Code);
        Assert.Equal(parameter, message.FailedParameter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("TypeError: Failed to fetch")]
    [InlineData("Access to fetch at 'https://b.example/x' from origin 'https://a.example' has been blocked by CORS policy: Something no Chromium says.")]
    [InlineData("Access to fetch at 'not a url' from origin 'https://a.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")]
    [InlineData("Access to fetch at 'https://b.example/x' from origin 'https://a.example/path?' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")]
    public void Other_text_is_not_a_message(string line) => Assert.Empty(ConsoleMessageParser.Parse(line).Messages);

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        var random = new Random(11);
        var seed = Encoding.UTF8.GetBytes("Access to fetch at 'https://b.example/x' from origin 'https://a.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'x' that is not equal to the supplied origin.\n");
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])seed.Clone();
            for (var j = random.Next(1, 8); j > 0; j--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var parsed = ConsoleMessageParser.Parse(bytes);
            Assert.True(parsed.Messages.Count + parsed.UnrecognisedLines + parsed.CompanionLines <= bytes.Count(b => b == (byte)'\n') + 1);
        }

        var huge = new string('\'', ConsoleMessageParser.MaxLineChars + 1);
        Assert.Equal(1, ConsoleMessageParser.Parse(huge).UnrecognisedLines);
    }
}
