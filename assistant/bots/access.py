"""Which document groups a chat user may see, and whether an answer may be posted where it was asked.

The mapping comes from configuration (`ASSISTANT_BOT_ACCESS`): keys are "<platform>:<id>" for a user
or a channel, values the groups. The asker's groups filter retrieval (a restricted document never
reaches an answer they may not see). A channel's groups say what everyone in it may see: an answer
citing a restricted document goes public only if the channel is mapped to that document's group;
otherwise it goes to the asker alone (ephemeral or personal chat).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Asker:
    platform: str  # "slack" or "teams"
    user: str
    channel: str
    private: bool  # a DM / personal chat: only the asker reads the reply


class BotAccess:
    def __init__(self, mapping: Mapping[str, Iterable[str]]) -> None:
        self._groups = {key: frozenset(groups) for key, groups in mapping.items()}

    def _of(self, platform: str, ident: str) -> frozenset[str]:
        return self._groups.get(f"{platform}:{ident}", frozenset())

    def groups_of(self, asker: Asker) -> frozenset[str]:
        """The asker's own groups (never None: a chat user is never an unrestricted caller)."""
        return self._of(asker.platform, asker.user)

    def may_post_publicly(self, asker: Asker, cited_groups: Iterable[Iterable[str]]) -> bool:
        """True when every cited restricted document is visible to the whole channel."""
        if asker.private:
            return True
        channel = self._of(asker.platform, asker.channel)
        return all(not groups or bool(channel & frozenset(groups)) for groups in map(frozenset, cited_groups))
