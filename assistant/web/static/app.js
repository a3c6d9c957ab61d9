// The chat: asks over the stream endpoint, shows progress, keeps the conversation (its id survives a
// reload, and its earlier turns are fetched back), and wires the API key setting.

import { apiKey, askStream, getJson, setApiKey } from "./api.js";
import { renderAnswer } from "./answer.js";
import { clear, el } from "./dom.js";
import { initViewer } from "./viewer.js";

const CONVERSATION_STORE = "wp.conversationId";
const PROGRESS_TEXT = {
  searching: "Zoeken in de documenten…",
  tools: "Cijfers opzoeken…",
  answer: "Antwoord samenstellen…",
};

const $ = (id) => document.getElementById(id);
let busy = false;

function conversationId() {
  return localStorage.getItem(CONVERSATION_STORE) || null;
}

function setConversationId(id) {
  if (id) localStorage.setItem(CONVERSATION_STORE, id);
  else localStorage.removeItem(CONVERSATION_STORE);
}

function addTurn(question, answer) {
  const turn = el("li", { class: "turn" },
    el("p", { class: "question" }, el("span", { class: "visually-hidden", text: "Uw vraag: " }), question));
  if (answer) turn.append(renderAnswer(answer));
  $("log").append(turn);
  $("intro").hidden = true;
  return turn;
}

function showProgress(text) {
  const progress = $("progress");
  progress.hidden = !text;
  progress.textContent = text || "";
}

function showError(message) {
  const error = $("ask-error");
  error.hidden = !message;
  error.textContent = message || "";
}

async function ask(question) {
  if (busy) return;
  busy = true;
  showError("");
  $("ask-button").disabled = true;
  const turn = addTurn(question, null);
  turn.scrollIntoView({ block: "end" });
  showProgress("Vraag versturen…");
  const body = { question };
  if (conversationId()) body.conversation_id = conversationId();
  try {
    const answer = await askStream(body, (event) => {
      const stage = event.data.stage || event.data.type || event.name;
      showProgress(PROGRESS_TEXT[stage] || event.data.message || "Bezig…");
    });
    if (answer.conversation_id) setConversationId(answer.conversation_id);
    const article = renderAnswer(answer);
    turn.append(article);
    $("question").value = "";
    article.scrollIntoView({ block: "start" });
  } catch (error) {
    turn.remove();
    if ($("log").children.length === 0) $("intro").hidden = false;
    showError(error.message);
    $("question").value = question; // nothing typed is lost
  } finally {
    showProgress("");
    busy = false;
    $("ask-button").disabled = false;
    $("question").focus();
  }
}

async function restoreConversation() {
  const id = conversationId();
  if (!id) return;
  try {
    const conversation = await getJson(`/v1/conversations/${encodeURIComponent(id)}`);
    for (const turn of conversation.turns || []) {
      addTurn(turn.question, { ...turn.answer, answer_id: turn.answer_id || turn.answer.answer_id });
    }
  } catch (error) {
    if (error.status === 404) setConversationId(null); // gone (another data dir): start afresh
    else showError(`Het eerdere gesprek kon niet worden geladen: ${error.message}`);
  }
}

function newConversation() {
  setConversationId(null);
  clear($("log"));
  $("intro").hidden = false;
  showError("");
  $("question").focus();
}

function initKeyForm() {
  const state = $("key-state");
  $("api-key").value = apiKey();
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setApiKey($("api-key").value.trim());
    state.textContent = apiKey() ? "Sleutel opgeslagen voor deze sessie." : "Geen sleutel ingesteld.";
  });
}

function init() {
  initViewer();
  initKeyForm();
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (question) ask(question);
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("new-conversation").addEventListener("click", newConversation);
  restoreConversation();
}

init();
