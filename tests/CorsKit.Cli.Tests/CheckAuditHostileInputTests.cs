using System.Net;
using System.Text;
using CorsKit.Cli.Input;
using CorsKit.Origins;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 10, the classes behind the check/audit cases: every numeric flag, every user header and cookie, every input
/// list and every address answer with a value or one sentence, never another exception, and never let a line break or
/// an unbounded read through. Seeded, so a failure reproduces; the seed and case are in the message.
/// </summary>
public sealed class CheckAuditHostileInputTests
{
    private const int Seed = 20261203;

    private static readonly string[] NumberAtoms =
        ["", " ", "0", "-0", "1", "10", "3600", "3600.0001", "0.001", "0.0009", "1e12", "1e-7", "-1", "Infinity", "-Infinity",
         "NaN", "∞", "1,5", "1.5", "0x10", "1_000", "2147483648", "-2147483649", "9999999999999999999999", "1e308", "1e309",
         "5e-324", " 7 ", "+3", "3.", ".5", "1e", "e3", "١٢", "\0", "12\n", "abc"];

    private static string RandomNumberText(Random random) => random.Next(3) switch
    {
        0 => NumberAtoms[random.Next(NumberAtoms.Length)],
        1 => NumberAtoms[random.Next(NumberAtoms.Length)] + NumberAtoms[random.Next(NumberAtoms.Length)],
        _ => (random.NextDouble() * Math.Pow(10, random.Next(-12, 14)) * (random.Next(4) == 0 ? -1 : 1)).ToString(random.Next(2) == 0 ? "R" : "E3", System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Numeric_flags_give_a_usable_value_or_one_sentence()
    {
        var random = new Random(Seed);
        int accepted = 0, refused = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = RandomNumberText(random);
            try
            {
                switch (i % 3)
                {
                    case 0:
                        var seconds = NumericFlag.Seconds("--timeout", text, 10);
                        Assert.InRange(seconds, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
                        using (var timer = new CancellationTokenSource())
                        {
                            timer.CancelAfter(seconds); // what the transports do with it: must not overflow
                        }

                        break;
                    case 1:
                        var rate = NumericFlag.Rate("--rate-limit", text, 0.001, 1_000_000);
                        Assert.True(rate == 0 || rate is >= 0.001 and <= 1_000_000, $"case {i}: {rate}");
                        if (rate > 0)
                        {
                            _ = Task.Delay(TimeSpan.FromSeconds(1 / rate), new CancellationToken(canceled: true)); // the pacer's longest wait
                        }

                        break;
                    default:
                        Assert.InRange(NumericFlag.Integer("--concurrency", text, 32, 1, 1024), 1, 1024);
                        break;
                }

                accepted++;
            }
            catch (UsageException ex)
            {
                refused++;
                Assert.DoesNotContain('\n', text.Length == 0 ? ex.Message : ex.Message.Replace(text, "", StringComparison.Ordinal));
                Assert.Contains(" must be ", ex.Message, StringComparison.Ordinal);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {Seed}, case {i}: {ex.GetType().Name}: {ex.Message}\ninput: {text}");
            }
        }

        Assert.True(accepted > 1000 && refused > 1000, $"accepted {accepted}, refused {refused}");
    }

    private static readonly string[] HeaderAtoms =
        ["X-A", "Authorization", "Cookie", "a=b", ":", ": ", " ", "\t", "\r", "\n", "\r\n", "\0", "\u0085", "\u2028", "é", "п",
         "\u001b[31m", "Bearer t", ";", ",", "\"", "Bad Name", "x\u00ffy", "\uFFFD", "\uD800"];

    private static string RandomHeaderText(Random random)
    {
        var sb = new StringBuilder();
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            sb.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : HeaderAtoms[random.Next(HeaderAtoms.Length)]);
        }

        return sb.ToString();
    }

    [Fact]
    public void User_headers_and_cookies_never_carry_a_line_break_or_NUL()
    {
        var random = new Random(Seed);
        int accepted = 0, refused = 0;
        for (var i = 0; i < 20_000; i++)
        {
            // Half of them shaped like a header line, so both outcomes are common.
            var text = i % 2 == 0 ? RandomHeaderText(random) : $"X-{random.Next(100)}: {RandomHeaderText(random)}";
            try
            {
                if (HeaderInput.TryParseLine(text, out var header, out var error))
                {
                    accepted++;
                    Assert.True(Fetch.FetchRules.IsToken(header.Name), $"case {i}: name {header.Name}");
                    Assert.True(header.Value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0, $"seed {Seed}, case {i}: {text}");
                }
                else
                {
                    refused++;
                    Assert.False(string.IsNullOrWhiteSpace(error));
                }

                var cookieOk = HeaderInput.TryCookie(text, out var cookieError);
                Assert.Equal(text.AsSpan().IndexOfAny('\r', '\n', '\0') < 0, cookieOk);
                Assert.Equal(cookieOk, cookieError.Length == 0);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {Seed}, case {i}: {ex.GetType().Name}: {ex.Message}\ninput: {text}");
            }
        }

        Assert.True(accepted > 500 && refused > 500, $"accepted {accepted}, refused {refused}");
    }

    [Fact]
    public async Task Input_lists_are_read_within_their_caps_or_refused_in_one_sentence()
    {
        var random = new Random(Seed);
        int whole = 0, refused = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            var asciiOnly = i % 2 == 0;
            for (var k = 0; k < bytes.Length; k++)
            {
                // Often a newline; in the ASCII half, printable text so the lines must come back exactly.
                bytes[k] = random.Next(12) == 0 ? (byte)'\n' : asciiOnly ? (byte)random.Next(0x20, 0x7F) : bytes[k];
            }

            var maxLine = random.Next(1, 600);
            var maxTotal = random.Next(1, 5000);
            var lines = new List<string>();
            try
            {
                await foreach (var line in BoundedLines.ReadAsync(new MemoryStream(bytes), maxLine, maxTotal))
                {
                    Assert.True(Encoding.UTF8.GetByteCount(line) <= maxLine * 3, $"case {i}: a line of {line.Length} chars past cap {maxLine}");
                    lines.Add(line);
                }

                whole++;
                Assert.True(bytes.Length <= maxTotal, $"case {i}: read {bytes.Length} bytes past cap {maxTotal}");
                if (asciiOnly)
                {
                    var text = Encoding.ASCII.GetString(bytes);
                    Assert.Equal(text.EndsWith('\n') ? text[..^1] : text, string.Join('\n', lines));
                }
            }
            catch (IOException ex)
            {
                refused++;
                Assert.Matches(@"^(it is larger than .+, the limit for this input|line \d+ is longer than .+, the limit for a line)$", ex.Message);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {Seed}, case {i}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(whole > 300 && refused > 300, $"whole {whole}, refused {refused}");
    }

    [Fact]
    public void Whole_file_reads_are_capped_and_exact_below_the_cap()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var zero = Assert.Throws<IOException>(() => BoundedFile.ReadAllText("/dev/zero", 1024 * 1024));
        Assert.Equal("it is larger than 1 MiB, the limit for this file", zero.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));

        var file = Path.GetTempFileName();
        try
        {
            var random = new Random(Seed);
            for (var i = 0; i < 200; i++)
            {
                var text = RandomHeaderText(random).Replace("\uD800", "", StringComparison.Ordinal) + "\r\nend";
                var bytes = Encoding.UTF8.GetBytes(text);
                File.WriteAllBytes(file, i % 2 == 0 ? bytes : [0xEF, 0xBB, 0xBF, .. bytes]); // with and without a BOM
                Assert.Equal(text, BoundedFile.ReadAllText(file, bytes.Length + 3));
                Assert.Throws<IOException>(() => BoundedFile.ReadAllText(file, bytes.Length - 1));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_address_and_host_has_one_space()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[i % 2 == 0 ? 4 : 16];
            random.NextBytes(bytes);
            var address = new IPAddress(bytes);
            Assert.True(Enum.IsDefined(AddressSpaces.Of(address)));
            Assert.Equal(AddressSpaces.Of(address), AddressSpaces.OfHost(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString()));
            var host = RandomHeaderText(random);
            var space = AddressSpaces.OfHost(host); // never throws, whatever the text
            Assert.True(space is null || Enum.IsDefined(space.Value));
        }
    }

    // The CLI end to end: random values for every numeric flag of check and audit give exit 0-2 and, for a refusal,
    // one line on standard error (the target is a closed loopback port, so nothing waits on the network).
    [Fact]
    public async Task Check_and_audit_flags_from_random_values_end_in_one_sentence()
    {
        var random = new Random(Seed);
        string[][] flags = [["audit", "--timeout"], ["audit", "--rate-limit"], ["audit", "--concurrency"], ["audit", "--retries"],
            ["check", "--timeout"], ["check", "--concurrency"], ["audit", "--cookie"], ["audit", "-H"], ["check", "--cookie"], ["check", "-H"]];
        for (var i = 0; i < 120; i++)
        {
            var (command, flag) = (flags[i % flags.Length][0], flags[i % flags.Length][1]);
            var value = flag is "--cookie" or "-H" ? RandomHeaderText(random) : RandomNumberText(random);
            string[] args = command == "audit"
                ? ["audit", "http://127.0.0.1:9/", "-t", "https://app.example.com", .. flag == "--retries" ? Array.Empty<string>() : ["--retries", "0"], flag, value]
                : ["check", "http://127.0.0.1:9/", "--origin", "https://app.example", flag, value];
            if (flag == "--concurrency" && command == "check")
            {
                args = ["check", "--input", "/dev/null", flag, value];
            }

            using var output = new StringWriter();
            using var error = new StringWriter();
            int exit;
            try
            {
                exit = await Cli.RunAsync(args, output, error).WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {Seed}, case {i} ({command} {flag} '{value}'): {ex.GetType().Name}: {ex.Message}");
                return;
            }

            Assert.InRange(exit, 0, 2);
            var err = error.ToString();
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
            if (exit == 2 && output.ToString().Length == 0)
            {
                Assert.StartsWith("corskit: ", err, StringComparison.Ordinal);
            }
        }
    }
}
