"""Answering a question, as a pipeline a newcomer can read from the file names:

intent (one reading) -> followup (slots from the previous turn) -> extractive | llm (a proposal
citing passages as [n]; figures from indicators.planner) -> verify (every [n] supports its sentence,
every number has a source) -> checks (the one answerability decision) -> engine (wires it, Answer).
"""
