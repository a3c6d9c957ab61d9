"""Chat bots: Slack (slack-bolt) and Microsoft Teams (Microsoft 365 Agents SDK) over the same engine.

- `core`: one place that turns a chat message into an answer or a clear notice: input checks, the
  asker's document groups, the thread's conversation, and whether the answer may be shown publicly.
- `state`: what a bot must remember across events (threads -> conversations, events already seen).
- `access`: the configured mapping from users and channels to document groups.
- `slack_blocks` / `teams_cards`: the answer as Block Kit blocks / an Adaptive Card.
- `slack` / `teams`: the platform adapters, mounted in the API app at /slack/events and /api/messages.
"""
