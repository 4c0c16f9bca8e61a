using System.Text.Json;

namespace CorsKit.BrowserTests.Harness;

/// <summary>What the page script observed for one scenario.</summary>
public sealed record PageResult
{
    /// <summary>The scenario id.</summary>
    public int Id { get; init; }

    /// <summary>True when the <c>fetch()</c> promise resolved (the script got the response).</summary>
    public bool Ok { get; init; }

    /// <summary>The status the script saw (0 when rejected).</summary>
    public int Status { get; init; }

    /// <summary>The rejection, <c>TypeError: …</c>, or null.</summary>
    public string? Error { get; init; }

    /// <summary>True when <c>res.headers.get(read)</c> was not null.</summary>
    public bool Readable { get; init; }

    /// <summary>The header names the script could enumerate (lowercase).</summary>
    public string[] Keys { get; init; } = [];

    /// <summary>Whether each step's <c>fetch()</c> resolved (the other fields describe the last step).</summary>
    public bool[] Steps { get; init; } = [];
}

/// <summary>
/// The runner page served on the page origin. Chromium calls <c>corskitRunAll</c> through Playwright; Firefox (no
/// driver) loads <c>runner.html?run=R</c>, which fetches the list, runs it and POSTs the results back.
/// </summary>
public static class RunnerPage
{
    /// <summary>camelCase JSON shared with the page.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How many scenarios the page runs at once.</summary>
    public const int Width = 16;

    /// <summary>The page.</summary>
    public const string Html = """
        <!doctype html>
        <meta charset="utf-8">
        <title>corskit runner</title>
        <script src="/runner.js"></script>
        <script>
          const run = new URLSearchParams(location.search).get('run');
          if (run) corskitAuto(run);
        </script>
        """;

    /// <summary>The runner script: one <c>fetch()</c> per scenario, <see cref="Width"/> at a time.</summary>
    public const string Script = """
        'use strict';
        async function corskitRunOne(s) {
          const steps = [];
          let r;
          for (const step of s.steps) {
            // Firefox stores a preflight cache entry asynchronously: a request made right after the first one settled
            // sometimes misses it. A short pause makes the cache cases deterministic (it only delays, never asserts).
            if (steps.length > 0) await new Promise(resolve => setTimeout(resolve, 300));
            r = await corskitFetch(s, step);
            steps.push(r.ok);
          }
          r.steps = steps;
          return r;
        }
        function corskitXhr(s, step) {
          return new Promise(resolve => {
            const r = { id: s.id, ok: false, status: 0, error: null, readable: false, keys: [] };
            try {
              const x = new XMLHttpRequest();
              x.open(step.method, s.url, true);
              x.withCredentials = step.credentials === 'include';
              for (const [n, v] of step.headers) x.setRequestHeader(n, v);
              if (step.upload) x.upload.onprogress = () => { };
              x.onload = () => {
                r.ok = true;
                r.status = x.status;
                r.readable = x.getResponseHeader(s.read) !== null;
                r.keys = x.getAllResponseHeaders().split(/\r?\n/).filter(l => l.includes(':'))
                  .map(l => l.slice(0, l.indexOf(':')).trim().toLowerCase());
                resolve(r);
              };
              x.onerror = () => { r.error = 'XMLHttpRequest error event'; resolve(r); };
              x.send(step.body === undefined ? null : step.body);
            } catch (e) {
              r.error = String(e && e.name) + ': ' + String(e && e.message);
              resolve(r);
            }
          });
        }
        async function corskitFetch(s, step) {
          if (step.api === 'xhr') return corskitXhr(s, step);
          const r = { id: s.id, ok: false, status: 0, error: null, readable: false, keys: [] };
          try {
            let headers = step.headers;
            if (!step.sequence) {
              headers = new Headers();
              for (const [n, v] of step.headers) headers.append(n, v);
            }
            const init = { method: step.method, headers, credentials: step.credentials };
            if (step.body !== null && step.body !== undefined) init.body = step.body;
            const res = await fetch(s.url, init);
            r.ok = true;
            r.status = res.status;
            r.readable = res.headers.get(s.read) !== null;
            r.keys = [...res.headers.keys()];
            try { await res.text(); } catch (e) { }
          } catch (e) {
            r.error = String(e && e.name) + ': ' + String(e && e.message);
          }
          return r;
        }
        async function corskitRunAll(list, width) {
          document.cookie = 'corskit=1; path=/';
          const results = new Array(list.length);
          let next = 0;
          async function worker() {
            while (next < list.length) {
              const i = next++;
              results[i] = await corskitRunOne(list[i]);
            }
          }
          await Promise.all(Array.from({ length: width }, worker));
          return results;
        }
        async function corskitAuto(run) {
          let body;
          try {
            const list = await (await fetch('/scenarios?run=' + run)).json();
            body = JSON.stringify(await corskitRunAll(list, 16));
          } catch (e) {
            body = JSON.stringify({ runnerError: String(e) });
          }
          await fetch('/results?run=' + run, { method: 'POST', body });
          document.title = 'done';
        }
        """;
}
