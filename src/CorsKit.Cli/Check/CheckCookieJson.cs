using System.Text.Json;
using CorsKit.Cookies;

namespace CorsKit.Cli.Check;

/// <summary>The <c>"cookies"</c> member of <c>check</c>'s JSON: null without cookie decisions, else the policy, each
/// request's cookies (sent or left out, with the reason as the <see cref="CookieExclusion"/> name and a sentence), and
/// each Set-Cookie outcome (the <see cref="SetCookieRejection"/> name when refused).</summary>
internal static class CheckCookieJson
{
    public static void Write(Utf8JsonWriter w, CheckCookieReport? report)
    {
        w.WritePropertyName("cookies");
        if (report is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteString("behaviour", report.Behaviour);
        w.WriteString("thirdPartyCookies", CheckCookies.Name(report.ThirdParty));
        w.WriteStartArray("jar");
        foreach (var outcome in report.Jar)
        {
            WriteOutcome(w, null, outcome);
        }

        w.WriteEndArray();
        w.WriteStartArray("requests");
        for (var i = 0; i < report.Requests.Count; i++)
        {
            var request = report.Requests[i];
            w.WriteStartObject();
            w.WriteString("url", request.Url.AbsoluteUri);
            w.WriteBoolean("sent", !(report.UnsentLast && i == report.Requests.Count - 1));
            if (request.Header is { } header)
            {
                w.WriteString("cookieHeader", header);
            }
            else
            {
                w.WriteNull("cookieHeader");
            }

            w.WriteStartArray("cookies");
            foreach (var decision in request.Decisions)
            {
                var c = decision.Cookie;
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("domain", c.Domain);
                w.WriteBoolean("hostOnly", c.HostOnly);
                w.WriteString("path", c.Path);
                w.WriteBoolean("secure", c.Secure);
                w.WriteString("sameSite", c.SameSite.ToString());
                if (c.PartitionKey is { } key)
                {
                    w.WriteString("partitionKey", key);
                }

                w.WriteBoolean("attached", decision.Sent);
                if (decision.Exclusion is { } reason)
                {
                    w.WriteString("reason", reason.ToString());
                    w.WriteString("explanation", decision.Explanation);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("setCookies");
        foreach (var (url, outcome) in report.Responses)
        {
            WriteOutcome(w, url, outcome);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteOutcome(Utf8JsonWriter w, Uri? url, SetCookieOutcome outcome)
    {
        w.WriteStartObject();
        if (url is not null)
        {
            w.WriteString("url", url.AbsoluteUri);
        }

        w.WriteString("line", outcome.Line);
        w.WriteString("outcome", outcome.Deleted ? "deleted" : outcome.Stored ? "stored" : "refused");
        if (outcome.Rejection is { } reason)
        {
            w.WriteString("reason", reason.ToString());
            w.WriteString("explanation", outcome.Explanation);
        }

        w.WriteEndObject();
    }
}
