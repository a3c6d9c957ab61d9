// Building the page from data: every text goes in through textContent, never as markup, so
// document text (which may hold "<", "&" or anything else) is always shown as text and never parsed.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(node, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

const NUMBER = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });

/** A figure's value the Dutch way (1.234,5); an unknown value as a dash. */
export function formatNumber(value) {
  return typeof value === "number" && Number.isFinite(value) ? NUMBER.format(value) : "–";
}

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];

/** An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) as Dutch words; anything else as given. */
export function formatDate(iso) {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(iso || "");
  if (!match) return iso || "";
  const [, year, month, day] = match;
  if (!month) return year;
  const name = MONTHS[Number(month) - 1] || month;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

/** "regels 12–18", "regel 12", or "" when the source has no line numbers (PDF, Word). */
export function lineRange(start, end) {
  if (start === null || start === undefined) return "";
  if (end === null || end === undefined || end === start) return `regel ${start}`;
  return `regels ${start}–${end}`;
}

// PDF and Word files have pages or paragraphs, not lines a reader can find: their line numbers
// (counted in the extracted text) are not shown.
const WITHOUT_LINES = /\.(pdf|docx)$/i;

/** Where a passage stands: page and line range, joined for one line of text. */
export function placeOf({ page, line_start: start, line_end: end, source_path: path }) {
  const parts = [];
  if (page !== null && page !== undefined) parts.push(`pagina ${page}`);
  const lines = WITHOUT_LINES.test(path || "") ? "" : lineRange(start, end);
  if (lines) parts.push(lines);
  return parts.join(", ");
}
