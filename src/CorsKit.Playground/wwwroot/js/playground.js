// The few things the page cannot do from .NET: the real fetch() of live mode (the browser's own CORS algorithm),
// reading a dropped file, the clipboard, and the URL fragment without a navigation.

export function getFragment() {
  return location.hash.length > 1 ? location.hash.substring(1) : "";
}

export function setFragment(fragment) {
  // replaceState: typing in a field must not add a history entry per key stroke.
  history.replaceState(null, "", "#" + fragment);
}

export function onFragmentChange(dotnet) {
  window.addEventListener("hashchange", () => dotnet.invokeMethodAsync("FragmentChanged", getFragment()));
}

export async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    return true;
  } catch {
    return false;
  }
}

// The engine of the browser running the page, so live mode compares it with the right model.
export function engine() {
  const ua = navigator.userAgent;
  if (/Firefox\//.test(ua)) return "firefox";
  if (/Safari\//.test(ua) && !/(Chrome|Chromium|Edg)\//.test(ua)) return "safari";
  return "chromium";
}

function readFile(file, dotnet) {
  const reader = new FileReader();
  reader.onload = () => dotnet.invokeMethodAsync("FileRead", file.name, String(reader.result));
  reader.onerror = () => dotnet.invokeMethodAsync("FileRead", file.name, null);
  reader.readAsText(file);
}

// A file dropped on the paste box, or chosen with the file input, is read as text and handed to .NET.
export function attachFileInputs(pasteId, fileInputId, dotnet) {
  const paste = document.getElementById(pasteId);
  const input = document.getElementById(fileInputId);
  if (paste) {
    paste.addEventListener("dragover", e => { e.preventDefault(); paste.classList.add("dropping"); });
    paste.addEventListener("dragleave", () => paste.classList.remove("dropping"));
    paste.addEventListener("drop", e => {
      paste.classList.remove("dropping");
      const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (file) {
        e.preventDefault();
        readFile(file, dotnet);
      }
    });
  }
  if (input) {
    input.addEventListener("change", () => {
      if (input.files && input.files[0]) readFile(input.files[0], dotnet);
      input.value = "";
    });
  }
}

// The fetch as the script of the scenario makes it. The outcome: allowed (status and the header names the script
// can read) or blocked (the TypeError; the reason is only in the console, by design of the Fetch standard).
async function run(url, init) {
  try {
    const response = await fetch(url, init);
    const names = [];
    response.headers.forEach((_, name) => names.push(name));
    await response.text();
    return { allowed: true, status: response.status, readable: names, error: null };
  } catch (e) {
    return { allowed: false, status: 0, readable: [], error: String(e && e.message || e) };
  }
}

function init(method, headers, body, credentials) {
  const h = new Headers();
  for (const [name, value] of headers) h.append(name, value);
  const i = { method, headers: h, credentials, mode: "cors", cache: "no-store" };
  if (body !== null && body !== undefined) i.body = body;
  return i;
}

// A page on the origin 'null': a sandboxed frame without allow-same-origin has an opaque origin (HTML §7.5.3), so
// its fetch sends Origin: null.
function runSandboxed(url, fetchInit) {
  return new Promise(resolve => {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.style.display = "none";
    const token = Math.random().toString(36).slice(2);
    const onMessage = e => {
      if (e.source !== frame.contentWindow || !e.data || e.data.token !== token) return;
      window.removeEventListener("message", onMessage);
      frame.remove();
      resolve(e.data.result);
    };
    window.addEventListener("message", onMessage);
    const script = `
      (async () => {
        const a = ${JSON.stringify(fetchInit)};
        const h = new Headers();
        for (const [n, v] of a.headers) h.append(n, v);
        const i = { method: a.method, headers: h, credentials: a.credentials, mode: "cors", cache: "no-store" };
        if (a.body !== null) i.body = a.body;
        let result;
        try {
          const r = await fetch(a.url, i);
          const names = [];
          r.headers.forEach((_, n) => names.push(n));
          await r.text();
          result = { allowed: true, status: r.status, readable: names, error: null };
        } catch (e) {
          result = { allowed: false, status: 0, readable: [], error: String(e && e.message || e) };
        }
        parent.postMessage({ token: ${JSON.stringify(token)}, result }, "*");
      })();`;
    frame.srcdoc = "<!DOCTYPE html><script>" + script.replace(/<\//g, "<\\/") + "<\/script>";
    document.body.appendChild(frame);
  });
}

// Strings in and out: .NET parses the JSON itself (no reflection-based serialization in the trimmed page).
export async function liveFetch(url, method, headersJson, body, credentials, nullOrigin) {
  const headers = JSON.parse(headersJson);
  const result = nullOrigin
    ? await runSandboxed(url, { url, method, headers, body: body ?? null, credentials })
    : await run(url, init(method, headers, body, credentials));
  return JSON.stringify(result);
}

export function pageOrigin() {
  return location.origin;
}
