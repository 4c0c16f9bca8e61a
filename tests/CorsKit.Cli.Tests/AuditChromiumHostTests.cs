using System.Diagnostics;
using System.Net;
using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests;

/// <summary>Pins the special-character probes to the installed Chromium: each probe origin must be exactly what
/// Chromium serializes for a page on that host (so a real page could send it as its Origin header).</summary>
public sealed class AuditChromiumHostTests
{
    [Fact]
    public async Task Chromium_keeps_every_special_character_probe_verbatim_and_escapes_or_rejects_the_left_out_ones()
    {
        var probes = ProbePlanner.Plan(["https://app.example.com"], ["https://app.example.com"])
            .Where(p => p.Kind == ProbeKind.SpecialChar).Select(p => p.Origin).ToList();
        Assert.Equal(ProbePlanner.SpecialChars.Count, probes.Count);
        string[] leftOut = ["https://app.example.com*.corskit-evil.net", "https://app.example.com .corskit-evil.net", "https://app.example.com^.corskit-evil.net", "https://app.example.com|.corskit-evil.net"];
        var inputs = probes.Concat(leftOut).ToList();

        var page = Path.Combine(Path.GetTempPath(), $"corskit-hosts-{Guid.NewGuid():N}.html");
        var list = string.Join(",", inputs.Select(i => "\"" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        await File.WriteAllTextAsync(page, $$"""
            <html><body><pre id=o></pre><script>
            const out = [];
            for (const u of [{{list}}]) { try { out.push(new URL(u + '/').origin); } catch (e) { out.push('INVALID'); } }
            document.getElementById('o').textContent = out.join('\n');
            </script></body></html>
            """);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + page])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var chromium = Process.Start(start)!;
            var stderr = chromium.StandardError.ReadToEndAsync();
            var dom = await chromium.StandardOutput.ReadToEndAsync();
            await chromium.WaitForExitAsync();
            await stderr;
            var pre = dom[(dom.IndexOf("<pre id=\"o\">", StringComparison.Ordinal) + 12)..dom.IndexOf("</pre>", StringComparison.Ordinal)];
            var origins = WebUtility.HtmlDecode(pre).Split('\n');
            Assert.Equal(inputs.Count, origins.Length);
            for (var i = 0; i < probes.Count; i++)
            {
                Assert.Equal(probes[i], origins[i]);
            }

            Assert.Equal(["https://app.example.com%2A.corskit-evil.net", "https://app.example.com%20.corskit-evil.net", "INVALID", "INVALID"], origins[probes.Count..]);
        }
        finally
        {
            File.Delete(page);
        }
    }
}
