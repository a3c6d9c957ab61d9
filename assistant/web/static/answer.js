// One answer on the page: its text with numbered citations, the figures as a table, the sources (or,
// for no_answer, the closest passages), and the feedback buttons.

import { postJson } from "./api.js";
import { el, formatDate, formatNumber, placeOf } from "./dom.js";
import { openSource } from "./viewer.js";

const MARKER = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

/** The <article> for one answer object (the `assistant ask --json` contract plus answer_id). */
export function renderAnswer(answer) {
  const byNumber = new Map((answer.citations || []).map((c) => [c.n, c]));
  const article = el("article", {
    class: `answer status-${answer.status}`,
    "aria-label": "Antwoord",
    "data-answer-id": answer.answer_id || null,
  });
  if (answer.status === "no_answer") {
    article.append(el("p", { class: "notice", text: "Geen antwoord gevonden in de documenten." }));
  } else if (answer.status === "clarify") {
    article.append(el("p", { class: "notice", text: "Verduidelijking nodig." }));
  }
  article.append(el("div", { class: "answer-text" }, ...withCitations(answer.answer || "", byNumber)));
  if ((answer.figures || []).length) article.append(figuresTable(answer.figures));
  if ((answer.unsupported || []).length) {
    article.append(el("p", { class: "hint", text: "Niet onderbouwd en daarom weggelaten:" }),
      el("ul", { class: "unsupported" }, ...answer.unsupported.map((s) => el("li", { text: s }))));
  }
  if ((answer.citations || []).length) article.append(sourcesList(answer));
  if (answer.answer_id) article.append(feedbackForm(answer.answer_id));
  return article;
}

/** The answer's text as nodes, each [n] a button that opens citation n in the viewer. */
function withCitations(text, byNumber) {
  const out = [];
  let at = 0;
  for (const match of text.matchAll(MARKER)) {
    const numbers = match[1].split(",").map((n) => Number(n.trim()));
    if (!numbers.every((n) => byNumber.has(n))) continue; // "[2019]" or the like stays text
    if (match.index > at) out.push(text.slice(at, match.index));
    for (const n of numbers) out.push(citeButton(byNumber.get(n), `[${n}]`, "cite"));
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

function citeButton(citation, label, className) {
  const button = el("button", {
    type: "button",
    class: className,
    "aria-controls": "viewer",
    "aria-label": `Bron ${citation.n}: ${citation.title}${citation.page ? `, pagina ${citation.page}` : ""}`,
    "data-chunk": citation.chunk_id,
    text: label,
  });
  button.addEventListener("click", () => openSource(citation, button));
  return button;
}

function sourcesList(answer) {
  const heading = answer.status === "answered" ? "Bronnen" : "Dichtstbijzijnde passages";
  const list = el("ol", { class: "sources" });
  for (const c of answer.citations) {
    const where = [formatDate(c.date), c.status, c.section, placeOf(c)].filter(Boolean).join(" · ");
    list.append(el("li", { value: c.n },
      citeButton(c, c.title, "source-title"),
      el("span", { class: "source-where", text: where }),
      c.quote ? el("q", { class: "source-quote", text: c.quote }) : null));
  }
  return el("section", { class: "sources-block", "aria-label": heading },
    el("h3", { text: heading }), list);
}

function figuresTable(figures) {
  const head = el("tr", {}, ...["Cijfer", "Waarde", "Eenheid", "Periode", "Gebied", "Bron"]
    .map((name) => el("th", { scope: "col", text: name })));
  const rows = figures.map((f) => el("tr", {},
    el("td", { text: [f.label, f.qualifier].filter(Boolean).join(" – ") }),
    el("td", { class: "num", text: formatNumber(f.value) }),
    el("td", { text: f.unit || "" }),
    el("td", { text: f.period || "" }),
    el("td", { text: f.scope || "" }),
    el("td", {}, figureSource(f.source || {}))));
  return el("div", { class: "table-wrap" },
    el("table", { class: "figures" }, el("caption", { text: "Cijfers" }),
      el("thead", {}, head), el("tbody", {}, ...rows)));
}

function figureSource(source) {
  if (!source.document_id) return "";
  const label = [source.title || source.document_id, formatDate(source.date)].filter(Boolean).join(", ");
  const where = placeOf({
    page: source.page, line_start: source.line, line_end: source.line, source_path: source.source_path,
  });
  const button = el("button", {
    type: "button",
    class: "source-title",
    "aria-controls": "viewer",
    text: where ? `${label} (${where})` : label,
  });
  button.addEventListener("click", () => openSource({
    document_id: source.document_id,
    title: source.title,
    line: source.line,
    page: source.page,
    quote: source.sentence,
    text: source.sentence,
  }, button));
  return button;
}

function feedbackForm(answerId) {
  const status = el("p", { class: "feedback-status", role: "status" });
  const comment = el("textarea", { rows: 2, maxlength: 2000, id: `comment-${answerId}` });
  const commentLabel = el("label", { for: comment.id, text: "Toelichting (optioneel)" });
  const send = el("button", { type: "submit", text: "Feedback versturen" });
  const extra = el("div", { class: "feedback-extra", hidden: true }, commentLabel, comment, send);
  let vote = null;
  const voteButton = (value, label) => {
    const button = el("button", { type: "button", class: `vote vote-${value}`, "aria-pressed": "false", text: label });
    button.addEventListener("click", () => {
      vote = value;
      for (const b of form.querySelectorAll(".vote")) b.setAttribute("aria-pressed", String(b === button));
      extra.hidden = false;
      comment.focus();
    });
    return button;
  };
  const form = el("form", { class: "feedback", "aria-label": "Feedback op dit antwoord" },
    el("span", { class: "feedback-question", text: "Was dit antwoord nuttig?" }),
    voteButton("up", "Ja, nuttig"), voteButton("down", "Nee"), extra, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!vote) return;
    send.disabled = true;
    try {
      await postJson("/v1/feedback", { answer_id: answerId, vote, comment: comment.value.trim() });
      extra.hidden = true;
      for (const b of form.querySelectorAll(".vote")) b.disabled = true;
      status.textContent = "Bedankt, uw feedback is opgeslagen.";
    } catch (error) {
      status.textContent = `Feedback niet opgeslagen: ${error.message}`;
      send.disabled = false;
    }
  });
  return form;
}
