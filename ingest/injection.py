"""Lines in a document that address the assistant instead of its reader ("negeer alle eerdere
instructies", "SYSTEM: ...", "Assistant: ..."): flagged at ingest and kept out of every chunk.

Document text is data. Such a line stays in the document's source text (the document view shows it,
quotes are still checked against the whole file) but never becomes a passage the assistant can quote
as if it were the document's content. The patterns are general, Dutch and English; they look for a
chat role at the start of a line, an order to drop earlier instructions, a request for the system
prompt, and a new identity or standing order for the assistant.
"""

from __future__ import annotations

import re

_ROLE = r"(?:system|systeem|assistant|assistent|user|developer|ai|chatbot|gpt|llm)"
_EARLIER = (
    r"(?:all|any|the|your|my|these|those|alle|de|je|jouw|uw|deze|die|elke|al)?\s*"
    r"(?:previous|prior|earlier|above|preceding|former|original|eerdere|vorige|voorgaande|bovenstaande|"
    r"oorspronkelijke)"
)
_ORDERS = r"(?:instructions?|prompts?|rules?|directions?|orders?|guidelines?|context|instructies?|opdrachten|opdracht|regels?|richtlijnen|aanwijzingen)"
_PATTERNS = [
    # a chat role or template marker opening the line: "SYSTEM:", "Assistant:", "[INST]", "<|im_start|>"
    rf"^\s*[\[(<#*>\-]*\s*{_ROLE}\s*(?:prompt|bericht|message)?\s*[\])>*]*\s*[:：]",
    r"\[/?inst\]|<\|(?:im_start|im_end|system|user|assistant)\|>|<</?sys>>|^\s*#{2,}\s*(?:instruction|system)",
    # drop earlier instructions
    rf"\b(?:ignore|disregard|forget|override|skip|negeer|vergeet|verwaarloos|overschrijf)\b[^.!?\n]{{0,30}}?{_EARLIER}\s+{_ORDERS}",
    r"\b(?:ignore|disregard|forget|negeer|vergeet)\s+(?:all|everything|alles|al)\b[^.!?\n]{0,20}\b(?:above|before|hierboven|hiervoor|eerder)",
    # the hidden prompt
    r"\b(?:reveal|show|print|repeat|output|leak|toon|laat\s+\w+\s+zien|geef|herhaal|onthul)\b[^.!?\n]{0,30}\b(?:system\s*prompt|systeemprompt|systeem-prompt|your\s+instructions|je\s+instructies|jouw\s+instructies)",
    # a new identity or a standing order for whoever reads this
    r"\b(?:you\s+are\s+now|from\s+now\s+on\s*,?\s+you|act\s+as\s+(?:an?\s+)?(?:ai|assistant|dan)|vanaf\s+nu\s+(?:ben|antwoord|moet|zeg|geef|doe)\s+je|je\s+bent\s+nu\s+(?:een|de)\b)",
    r"\b(?:instructions?\s+(?:for|to)\s+the\s+(?:assistant|ai|model|chatbot|llm)|instructies?\s+(?:voor|aan)\s+(?:de|het)\s+(?:assistent|ai|model|chatbot|taalmodel|llm))\b",
    r"\b(?:als|as\s+an?)\s+(?:ai|taalmodel|language\s+model|assistent|assistant)\s*,?\s+(?:moet|must|should|zal|will)\b",
    r"\b(?:jailbreak|prompt\s+injection|developer\s+mode|dan\s+mode)\b",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


# Every pattern above needs one of these words: a cheap first look keeps a long line fast to check.
_TRIGGER = re.compile(
    r"system|systeem|assist|\buser\b|developer|\bai\b|chatbot|gpt|llm|<\||\[/?inst|<</?sys|instruc|prompt|"
    r"ignore|disregard|forget|override|skip|negeer|vergeet|verwaarloos|overschrijf|you\s+are\s+now|"
    r"from\s+now\s+on|act\s+as|vanaf\s+nu|je\s+bent\s+nu|taalmodel|language\s+model|jailbreak|dan\s+mode",
    re.IGNORECASE,
)


def addresses_assistant(line: str) -> bool:
    """True when the line speaks to the assistant (an injected instruction), not to a reader."""
    if not line.strip() or _TRIGGER.search(line) is None:
        return False
    return _INSTRUCTION.search(line) is not None
