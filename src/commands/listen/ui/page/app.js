// whk inspector. Captured content is anyone's bytes: it is only ever set as text (el() makes
// text nodes of strings), never parsed as HTML.
"use strict";

const token = document.querySelector('meta[name="whk-token"]').content;
const PAGE_ROWS = 100;
const VERDICTS = {
  valid: ["✔", "valid"], invalid: ["✘", "invalid"], unsigned: ["○", "unsigned"], unknown: ["?", "unknown"],
};
const $ = (id) => document.getElementById(id);
const state = { rows: [], next: null, total: 0, selected: null, providers: new Set(), firstRender: false };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/// The body against its webhook's schema, where the listener has a --spec.
function schemaBlock(schema) {
  if (!schema) return null;
  const kind = { valid: "valid", invalid: "invalid" }[schema.result] || "unknown";
  const head = { valid: `✔ schema · ${schema.webhook}`, invalid: `✘ schema · ${schema.webhook}` }[schema.result] || "? no schema";
  const errors = (schema.errors || []).map((e) => el("li", {}, el("code", {}, e.pointer || "(body)"), ` ${e.message}`));
  return el("div", { class: `verdict ${kind}`, id: "detail-schema" },
    el("strong", {}, head), schema.note ? ` ${schema.note}` : "", errors.length ? el("ul", { class: "schema-errors" }, errors) : null);
}

function verdictBadge(verdict) {
  const [icon, word] = VERDICTS[verdict] || VERDICTS.unknown;
  return el("span", { class: `badge ${VERDICTS[verdict] ? verdict : "unknown"}`, title: word }, `${icon} ${word}`);
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1 << 20) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

function time(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function filters() {
  return { q: $("q").value.trim(), provider: $("provider").value, verdict: $("verdict").value };
}

function matches(summary, f) {
  const text = f.q.toLowerCase();
  const fields = [summary.method, summary.path, summary.provider, summary.event].filter(Boolean);
  return (!text || fields.some((v) => v.toLowerCase().includes(text)))
    && (!f.provider || summary.provider === f.provider)
    && (!f.verdict || summary.verdict === f.verdict);
}

async function api(path, options) {
  const response = await fetch(path, options);
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { ok: response.ok, status: response.status, body };
}

function row(summary, fresh) {
  const status = summary.status ?? 0;
  const tr = el("tr", {
    "data-id": summary.id, tabindex: 0, class: fresh ? "new" : null, "aria-selected": String(summary.id === state.selected),
    onclick: () => select(summary.id),
    onkeydown: (event) => {
      if (event.key === "Enter") select(summary.id);
      if (event.key === "ArrowDown") tr.nextElementSibling?.focus();
      if (event.key === "ArrowUp") tr.previousElementSibling?.focus();
    },
  },
  el("td", { class: "mono", title: summary.received_at }, time(summary.received_at)),
  el("td", {}, summary.method),
  el("td", { class: "path", title: summary.path }, summary.path),
  el("td", {}, summary.provider || "—"),
  el("td", { class: "event", title: summary.event || "" }, summary.event || "—"),
  el("td", {}, verdictBadge(summary.verdict)),
  el("td", { class: `status-${String(status)[0]}` }, status || "—"),
  el("td", { class: "num" }, size(summary.size)));
  return tr;
}

function noteProvider(provider) {
  if (!provider || state.providers.has(provider)) return;
  state.providers.add(provider);
  const select = $("provider");
  const options = [...state.providers].sort();
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, "all providers"), ...options.map((p) => el("option", { value: p }, p)));
  select.value = chosen;
}

function showCount() {
  $("count").textContent = `${state.total} deliver${state.total === 1 ? "y" : "ies"}${state.rows.length < state.total ? `, newest ${state.rows.length} shown` : ""}`;
  $("empty").hidden = state.total > 0;
  $("more").hidden = state.next === null;
}

async function load(more) {
  const f = filters();
  const params = new URLSearchParams({ limit: PAGE_ROWS });
  if (f.q) params.set("q", f.q);
  if (f.provider) params.set("provider", f.provider);
  if (f.verdict) params.set("verdict", f.verdict);
  if (more && state.next !== null) params.set("before", state.next);
  const { ok, body } = await api(`/_whk/api/captures?${params}`);
  if (!ok) return;
  if (!more) {
    state.rows = [];
    $("rows").replaceChildren();
  }
  state.rows.push(...body.captures);
  state.next = body.next ?? null;
  state.total = body.total;
  $("rows").append(...body.captures.map((s) => row(s, false)));
  body.captures.forEach((s) => noteProvider(s.provider));
  showCount();
  if (!state.firstRender) {
    state.firstRender = true;
    document.documentElement.dataset.firstRender = performance.now().toFixed(1);
  }
}

function arrived(summary) {
  noteProvider(summary.provider);
  if (!matches(summary, filters())) return;
  state.rows.unshift(summary);
  state.total += 1;
  $("rows").prepend(row(summary, true));
  showCount();
}

function listen() {
  const events = new EventSource("/_whk/api/events");
  events.addEventListener("open", () => { $("live").dataset.state = "live"; $("live").textContent = "live"; });
  events.addEventListener("error", () => { $("live").dataset.state = "reconnecting"; $("live").textContent = "reconnecting…"; });
  events.addEventListener("capture", (event) => arrived(JSON.parse(event.data)));
  events.addEventListener("reload", () => load(false));
}

function headerTable(lines) {
  return el("table", { class: "headers" }, lines.map((line) => {
    const colon = line.indexOf(":");
    return el("tr", {}, el("td", { class: "mono" }, line.slice(0, colon)), el("td", { class: "mono" }, line.slice(colon + 1).trim()));
  }));
}

function bodyBytes(capture) {
  if (capture.body_base64 !== undefined) {
    const raw = atob(capture.body_base64);
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }
  return new TextEncoder().encode(capture.body ?? "");
}

function hexDump(bytes) {
  const lines = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const chunk = [...bytes.slice(at, at + 16)];
    const hex = chunk.map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const text = chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${at.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${text}`);
  }
  return lines.join("\n");
}

function bodyViews(capture, contentType) {
  const bytes = bodyBytes(capture);
  const views = { raw: null, pretty: null, form: null, hex: hexDump(bytes) };
  if (capture.body !== undefined) {
    views.raw = capture.body;
    try {
      const parsed = JSON.parse(capture.body);
      if (parsed && typeof parsed === "object") views.pretty = JSON.stringify(parsed, null, 2);
    } catch { /* not JSON */ }
    if ((contentType || "").startsWith("application/x-www-form-urlencoded")) {
      views.form = [...new URLSearchParams(capture.body)].map(([k, v]) => `${k} = ${v}`).join("\n");
    }
  }
  return views;
}

function bodyBlock(capture, contentType) {
  const views = bodyViews(capture, contentType);
  const names = [["pretty", "pretty JSON"], ["form", "form fields"], ["raw", "raw text"], ["hex", "hex"]].filter(([k]) => views[k] !== null);
  const pre = el("pre", { class: "body" });
  const tabs = el("div", { class: "tabs", role: "group", "aria-label": "Body view" });
  const show = (key) => {
    pre.textContent = views[key] || "(empty body)";
    for (const button of tabs.children) button.setAttribute("aria-pressed", String(button.dataset.view === key));
  };
  for (const [key, label] of names) tabs.append(el("button", { type: "button", "data-view": key, onclick: () => show(key) }, label));
  show(names[0][0]);
  return [tabs, pre];
}

function shellQuote(text) {
  return /^[A-Za-z0-9_\-./:@=,+%]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

async function copy(text, note) {
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = "copied";
  } catch {
    // No clipboard (an insecure context or a denied permission): show it to copy by hand.
    const dialog = el("dialog", {}, el("textarea", { readonly: true }, text), el("form", { method: "dialog" }, el("button", {}, "Close")));
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector("textarea").select();
  }
}

function getContentType(headers) {
  const line = (headers || []).find((h) => h.toLowerCase().startsWith("content-type:"));
  return line ? line.slice(line.indexOf(":") + 1).trim() : "";
}

function answerBlock(title, answer) {
  if (!answer) return el("div", {}, el("h4", {}, title), el("p", { class: "meta" }, "no answer recorded"));
  const status = answer.status ?? 0;
  return el("div", { class: "answer" },
    el("h4", {}, title, " ", el("span", { class: `status-${String(status)[0]}` }, status || "—"), answer.ms !== undefined ? ` · ${answer.ms.toFixed(1)} ms` : ""),
    headerTable(answer.headers || []),
    el("pre", {}, answer.body || "(empty body)"));
}

function replayForm(capture) {
  const target = el("input", { type: "url", id: "replay-to", value: capture.replay_to, required: true, "aria-label": "Target URL" });
  const headers = el("textarea", { id: "replay-headers", class: "mono", spellcheck: "false", "aria-label": "Headers" });
  headers.value = capture.headers.join("\n");
  const body = el("textarea", { id: "replay-body", class: "mono", spellcheck: "false", "aria-label": "Body" });
  const binary = capture.body_base64 !== undefined;
  body.value = binary ? "" : capture.body;
  body.disabled = binary;
  const resign = el("input", { type: "radio", name: "mode", id: "mode-resign", value: "resign", checked: Boolean(capture.provider) });
  const exact = el("input", { type: "radio", name: "mode", id: "mode-exact", value: "exact", checked: !capture.provider });
  const result = el("div", { id: "replay-result", "aria-live": "polite" });
  const send = async (event) => {
    event.preventDefault();
    result.replaceChildren(el("p", { class: "meta" }, "sending…"));
    const request = { to: target.value, headers: headers.value.split("\n"), resign: resign.checked };
    if (!binary) request.body = body.value;
    const { ok, body: answer } = await api(`/_whk/api/captures/${capture.id}/replay`, {
      method: "POST", headers: { "Content-Type": "application/json", "X-Whk-Token": token }, body: JSON.stringify(request),
    });
    if (!ok) {
      result.replaceChildren(el("p", { class: "error", id: "replay-error" }, answer.error || String(answer)));
      return;
    }
    result.replaceChildren(el("div", { class: "compare" },
      answerBlock("original answer", capture.response), answerBlock("this replay", answer)));
  };
  return el("form", { class: "replay", onsubmit: send },
    el("label", { for: "replay-to" }, "Send to"), target,
    el("div", { class: "mode" },
      el("label", {}, resign, " re-sign with this listener's secret"),
      el("label", {}, exact, " send exactly as edited")),
    el("label", { for: "replay-headers" }, "Headers, one per line"), headers,
    el("label", { for: "replay-body" }, binary ? "Body (binary: sent as captured)" : "Body"), body,
    el("p", {}, el("button", { type: "submit", class: "primary", id: "replay-send" }, "Send")),
    result);
}

async function select(id) {
  state.selected = id;
  for (const tr of $("rows").children) tr.setAttribute("aria-selected", String(Number(tr.dataset.id) === id));
  const detail = $("detail");
  const { ok, body: capture } = await api(`/_whk/api/captures/${id}`);
  // Another row was chosen while this one loaded.
  if (state.selected !== id) return;
  if (!ok) {
    detail.replaceChildren(el("p", { class: "error" }, capture.error || `capture ${id} cannot be shown`));
    return;
  }
  const target = capture.query ? `${capture.path}?${capture.query}` : capture.path;
  const verdict = capture.verdict || { result: "unknown" };
  const [icon, word] = VERDICTS[verdict.result] || VERDICTS.unknown;
  const meta = [`received ${capture.received_at}`, capture.remote_addr && `from ${capture.remote_addr}`, capture.provider, capture.event && `event ${capture.event}`].filter(Boolean).join(" · ");
  const note = el("span", { class: "copied", "aria-live": "polite" });
  const curl = async () => {
    const { ok: fine, body: text } = await api(`/_whk/api/captures/${id}/export?format=curl`);
    if (fine) copy(text, note);
  };
  const command = capture.file
    ? `whk replay ${shellQuote(capture.file)} --to ${shellQuote(capture.replay_to)}`
    : null;
  detail.replaceChildren(
    el("h2", {}, `${capture.method} ${target}`),
    el("p", { class: "meta" }, meta),
    el("div", { class: `verdict ${VERDICTS[verdict.result] ? verdict.result : "unknown"}`, id: "detail-verdict" },
      el("strong", {}, `${icon} ${word}`), verdict.message || "",
      capture.cause ? el("span", { class: "cause", id: "cause" }, `likely cause: ${capture.cause}`) : null),
    schemaBlock(capture.schema),
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: curl }, "Copy as curl"),
      el("button", { type: "button", disabled: !command, title: command ? null : "needs whk listen --save-dir", onclick: () => copy(command, note) }, "Copy whk replay"),
      el("a", { href: `/_whk/api/captures/${id}/export?format=capture`, download: `capture-${id}.json` }, "Download capture"),
      el("a", { href: `/_whk/api/captures/${id}/export?format=har`, download: `capture-${id}.har` }, "Download HAR"),
      note),
    el("h3", {}, "Request headers"), headerTable(capture.headers),
    el("h3", {}, "Request body"), ...bodyBlock(capture, getContentType(capture.headers)),
    el("h3", {}, "Answer sent"), answerBlock("answered", capture.response),
    el("h3", {}, "Edit and replay"), replayForm(capture));
}

function start() {
  let typing;
  $("q").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => load(false), 150); });
  $("provider").addEventListener("change", () => load(false));
  $("verdict").addEventListener("change", () => load(false));
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  $("more").addEventListener("click", () => load(true));
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && state.next !== null) load(true);
  }).observe($("more"));
  listen();
  load(false);
}

start();
