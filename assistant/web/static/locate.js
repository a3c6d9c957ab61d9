// Finding a passage and its quote in a document's text. Pure functions over strings and numbers, so
// the viewer only has to draw what these return. Whitespace may differ between a quote and the
// source (line breaks, double spaces), exactly as the answer contract allows, so matching ignores it.

/** Start offsets of each line of `text` (line i starts at starts[i]). */
export function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

/** The character range [start, end) of source lines first..last, as numbered in the file. */
export function linesRange(starts, text, firstLine, first, last) {
  const from = Math.max(0, first - firstLine);
  const to = Math.min(starts.length - 1, last - firstLine);
  if (from > starts.length - 1 || to < from) return null;
  const end = to + 1 < starts.length ? starts[to + 1] - 1 : text.length;
  return { start: starts[from], end };
}

function escapeRegExp(word) {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where `needle` stands in `text` between from and to, any run of whitespace matching any other. */
export function findLoose(text, needle, from = 0, to = text.length) {
  const words = (needle || "").trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const pattern = new RegExp(words.map(escapeRegExp).join("\\s+"), "g");
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (!match || match.index + match[0].length > to) return null;
  return { start: match.index, end: match.index + match[0].length };
}

/** A quote as shown in an answer may carry [n] markers or an ellipsis where it was shortened. */
export function quoteParts(quote) {
  return (quote || "")
    .replace(/\s*\[\d+(?:\s*,\s*\d+)*\]/g, "") // "plaatsing [2]." is "plaatsing." in the source
    .split(/\s*(?:…|\.\.\.)\s*/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * The passage's range in the text: its line range when the source has line numbers, otherwise the
 * passage text itself (PDF, Word), found loosely; null when it cannot be placed.
 */
export function passageRange(text, firstLine, passage) {
  const starts = lineStarts(text);
  if (passage.line_start !== null && passage.line_start !== undefined) {
    const end = passage.line_end ?? passage.line_start;
    const range = linesRange(starts, text, firstLine, passage.line_start, end);
    if (range) return range;
  }
  if (passage.text) {
    const whole = findLoose(text, passage.text);
    if (whole) return whole;
    // A chunk's text may be normalised (a table re-joined): place it by its opening words.
    const opening = passage.text.trim().split(/\s+/).slice(0, 12).join(" ");
    const start = findLoose(text, opening);
    if (start) return { start: start.start, end: Math.min(text.length, start.start + passage.text.length) };
  }
  return null;
}

/** The ranges of the quote's parts, inside the passage first and anywhere in the text otherwise. */
export function quoteRanges(text, passage, quote) {
  const ranges = [];
  for (const part of quoteParts(quote)) {
    const found = (passage && findLoose(text, part, passage.start, passage.end + 1)) || findLoose(text, part);
    if (found) ranges.push(found);
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** The line index holding character offset `at`. */
export function lineOf(starts, at) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (starts[mid] <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}
