// The source viewer: a cited passage in its document, the quote highlighted, with the document's
// title, date, status and kenmerk, where it stands (page, lines), a way to read on, and for a PDF a
// link that opens the original at that page.

import { apiKey, fileUrl, getJson } from "./api.js";
import { append, clear, el, formatDate, placeOf } from "./dom.js";
import { lineOf, lineStarts, passageRange, quoteRanges } from "./locate.js";

const CONTEXT_LINES = 6; // shown around the passage at first
const READ_STEP = 40; // lines added per "Verder lezen" / "Eerdere tekst tonen"

const $ = (id) => document.getElementById(id);
let state = null; // the open document: its text, lines, ranges and the window shown
let opener = null; // the button that opened the viewer: focus returns to it on close
let opened = 0; // counts openings, so a slow answer for an earlier click never replaces a later one

export function initViewer() {
  $("viewer-close").addEventListener("click", closeViewer);
  $("viewer").addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeViewer();
  });
  $("read-on").addEventListener("click", () => widen(0, READ_STEP));
  $("read-back").addEventListener("click", () => widen(READ_STEP, 0));
}

export function closeViewer() {
  $("viewer").hidden = true;
  document.body.classList.remove("viewer-open");
  if (opener && opener.isConnected) opener.focus();
}

/**
 * Opens a passage: `target` has document_id and either chunk_id (a citation) or line (a figure's
 * source sentence), `quote` to highlight, and `text`, the passage shown when the document cannot be.
 */
export async function openSource(target, button) {
  const ticket = ++opened;
  opener = button || null;
  const viewer = $("viewer");
  viewer.hidden = false;
  document.body.classList.add("viewer-open");
  viewer.setAttribute("aria-busy", "true");
  $("viewer-title").textContent = target.title || "Bron";
  clear($("viewer-meta"));
  clear($("viewer-text")).append(el("p", { class: "hint", text: "Document laden…" }));
  $("viewer-where").textContent = "";
  clear($("viewer-links"));
  $("viewer-error").hidden = true;
  $("read-on").hidden = true;
  $("read-back").hidden = true;
  $("viewer-title").focus();
  try {
    const [doc, chunk] = await Promise.all([
      getJson(`/v1/documents/${encodeURIComponent(target.document_id)}`),
      target.chunk_id ? getJson(`/v1/chunks/${encodeURIComponent(target.chunk_id)}`) : null,
    ]);
    if (ticket === opened) show(doc, passageOf(target, chunk), target);
  } catch (error) {
    if (ticket === opened) showFallback(target, error);
  } finally {
    if (ticket === opened) viewer.removeAttribute("aria-busy");
  }
}

function passageOf(target, chunk) {
  if (chunk) return chunk;
  const line = target.line ?? null;
  return { line_start: line, line_end: line, page: target.page ?? null, text: target.text || "" };
}

function show(doc, passage, target) {
  const meta = doc.document || {};
  $("viewer-title").textContent = meta.title || target.title || "Bron";
  showMeta(meta);
  // The citation's own page and lines are those of the quote; the passage (chunk) may be longer.
  const where = placeOf({ ...passage, ...target, source_path: passage.source_path || target.source_path });
  const section = passage.section ? `${passage.section}` : "";
  $("viewer-where").textContent = [section, where].filter(Boolean).join(" · ");
  showLinks(meta, passage.page);

  const text = doc.text || "";
  const firstLine = doc.first_line || 1;
  const range = passageRange(text, firstLine, passage);
  if (!range) {
    showFallback(target, null);
    return;
  }
  const starts = lineStarts(text);
  const marks = quoteRanges(text, range, target.quote);
  const numbered = passage.line_start !== null && passage.line_start !== undefined;
  const first = lineOf(starts, range.start);
  const last = lineOf(starts, Math.max(range.start, range.end - 1));
  state = {
    text, starts, range, marks, firstLine, numbered,
    from: Math.max(0, first - CONTEXT_LINES),
    to: Math.min(starts.length - 1, last + CONTEXT_LINES),
  };
  draw();
  // Scroll the text box only (scrollIntoView would move the chat beside it too).
  const box = $("viewer-text");
  const mark = box.querySelector("mark") || box.querySelector(".passage");
  if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 2);
}

function showMeta(meta) {
  const rows = [
    ["Datum", formatDate(meta.date) + (meta.date_precision === "estimated" ? " (geschat)" : "")],
    ["Status", meta.status],
    ["Kenmerk", meta.kenmerk || "geen"],
    ["Soort", meta.doc_type],
    ["Bestand", meta.file],
  ];
  const list = clear($("viewer-meta"));
  for (const [name, value] of rows) {
    if (!value) continue;
    list.append(el("div", {}, el("dt", { text: name }), el("dd", { text: value })));
  }
}

function showLinks(meta, page) {
  const links = clear($("viewer-links"));
  if (!meta.id || !/\.pdf$/i.test(meta.file || "")) return;
  const path = `/v1/documents/${encodeURIComponent(meta.id)}/file`;
  const fragment = page ? `#page=${page}` : "";
  const label = page ? `Open de PDF op pagina ${page}` : "Open de PDF";
  const link = el("a", { href: path + fragment, target: "_blank", rel: "noopener", class: "pdf-link", text: label });
  link.addEventListener("click", async (event) => {
    // A plain link cannot send the API key; with a key the file is fetched and opened from memory.
    if (!apiKey()) return;
    event.preventDefault();
    try {
      window.open((await fileUrl(path)) + fragment, "_blank", "noopener");
    } catch (error) {
      $("viewer-error").textContent = error.message;
      $("viewer-error").hidden = false;
    }
  });
  links.append(link);
}

function showFallback(target, error) {
  // The document itself could not be read (or the passage not placed in it): show the passage as the
  // answer gave it, so the quote can still be checked.
  if (error) {
    $("viewer-error").textContent = `Het document kon niet worden geladen: ${error.message}`;
    $("viewer-error").hidden = false;
  }
  const text = target.text || "";
  state = null;
  const box = clear($("viewer-text"));
  if (!text) return;
  const ranges = quoteRanges(text, { start: 0, end: text.length }, target.quote);
  box.append(el("div", { class: "line passage" }, ...pieces(text, 0, text.length, ranges)));
}

function widen(before, after) {
  if (!state) return;
  state.from = Math.max(0, state.from - before);
  state.to = Math.min(state.starts.length - 1, state.to + after);
  draw();
}

function draw() {
  const { text, starts, range, marks, firstLine, numbered, from, to } = state;
  const box = clear($("viewer-text"));
  for (let i = from; i <= to; i += 1) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
    const inPassage = start <= range.end && end >= range.start;
    const inQuote = marks.some((m) => start < m.end && end >= m.start);
    const line = el("div", { class: ["line", inPassage && "passage", inQuote && "quoted"].filter(Boolean).join(" ") });
    if (numbered) line.dataset.line = String(firstLine + i);
    const content = el("span", {}, ...pieces(text, start, end, marks));
    if (start === end) content.append("\u00a0"); // an empty line keeps its height
    box.append(append(line, content));
  }
  $("read-back").hidden = from === 0;
  $("read-on").hidden = to >= starts.length - 1;
}

/** The text between start and end as text nodes, with the parts inside a quote range as <mark>. */
function pieces(text, start, end, marks) {
  const out = [];
  let at = start;
  for (const mark of marks) {
    const a = Math.max(mark.start, at);
    const b = Math.min(mark.end, end);
    if (b <= a) continue;
    if (a > at) out.push(text.slice(at, a));
    out.push(el("mark", { text: text.slice(a, b) }));
    at = b;
  }
  if (at < end) out.push(text.slice(at, end));
  return out;
}
