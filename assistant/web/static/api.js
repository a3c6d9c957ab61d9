// The HTTP API as the page uses it: JSON requests with the API key (when one is set), errors as one
// readable Dutch line, and the answer stream read as server-sent events from a POST response.

const KEY_STORE = "wp.apiKey";

export function apiKey() {
  return sessionStorage.getItem(KEY_STORE) || "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORE, key);
  else sessionStorage.removeItem(KEY_STORE);
}

function headers(extra = {}) {
  const out = { Accept: "application/json", ...extra };
  const key = apiKey();
  if (key) out.Authorization = `Bearer ${key}`;
  return out;
}

/** An error the page can show as is: the server's message and what to do, or a plain reason. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's page): fall back to the status line
  }
  const error = body && (body.error || body);
  const parts = [];
  if (error && typeof error.message === "string") parts.push(error.message);
  else if (error && typeof error.detail === "string") parts.push(error.detail);
  const hint = error && (error.what_to_do || error.hint || error.action);
  if (typeof hint === "string") parts.push(hint);
  if (!parts.length) parts.push(`De server antwoordde met status ${response.status}.`);
  if (response.status === 401 || response.status === 403) {
    parts.push("Vul onder 'API-sleutel' een geldige sleutel in.");
  }
  return new ApiError(parts.join(" "), response.status);
}

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("De server is niet bereikbaar. Controleer of `assistant serve` draait.", 0);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function getJson(path) {
  return (await request("GET", path)).json();
}

export async function postJson(path, body) {
  return (await request("POST", path, body)).json();
}

/** The original file as an object URL (needed when a key must be sent, which a plain link cannot). */
export async function fileUrl(path) {
  const blob = await (await request("GET", path)).blob();
  return URL.createObjectURL(blob);
}

/**
 * Asks over POST /v1/ask/stream and calls onProgress for each progress event; resolves with the
 * final answer object. Falls back to POST /v1/ask when the server has no stream endpoint.
 */
export async function askStream(body, onProgress) {
  let response;
  try {
    response = await request("POST", "/v1/ask/stream", body);
  } catch (error) {
    if (error.status === 404 || error.status === 405) return postJson("/v1/ask", body);
    throw error;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let answer = null;
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    // Events end with a blank line; a chunk of the stream may hold several or half of one.
    const events = buffer.split(/\r?\n\r?\n/);
    buffer = done ? "" : events.pop();
    for (const raw of events) {
      const event = parseEvent(raw);
      if (!event) continue;
      if (event.name === "error") throw new ApiError(errorText(event.data), 0);
      if (isAnswer(event)) answer = unwrap(event.data);
      else onProgress(event);
    }
    if (done) break;
  }
  if (!answer) throw new ApiError("De verbinding werd verbroken voordat het antwoord binnen was.", 0);
  return answer;
}

function parseEvent(raw) {
  let name = "message";
  const data = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith(":")) continue; // a keep-alive comment
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  if (!data.length) return null;
  let parsed;
  try {
    parsed = JSON.parse(data.join("\n"));
  } catch {
    parsed = { message: data.join("\n") };
  }
  return { name, data: parsed };
}

// The answer object itself, or wrapped as {"answer": {...}}: its own "answer" field is a string.
function unwrap(data) {
  return data.answer && typeof data.answer === "object" ? data.answer : data;
}

function isAnswer(event) {
  if (event.name === "answer" || event.name === "final" || event.name === "result") {
    return typeof event.data === "object" && ("status" in event.data || "answer" in event.data);
  }
  return event.name === "message" && event.data && "status" in event.data && "citations" in event.data;
}

function errorText(data) {
  const error = (data && (data.error || data)) || {};
  return [error.message, error.what_to_do || error.hint].filter((x) => typeof x === "string").join(" ")
    || "Er ging iets mis bij het maken van het antwoord.";
}
