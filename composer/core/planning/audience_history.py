"""Which network brought most response per audience, from the library's own feedback (issue 13, point 6).

"Use depends strongly on the target audience: students or museum visitors?"
The checklist's ``audience_network`` check may advise, for the draft's
audience, the network where this library's posts for that audience got
most responses (comments + questions + suggestions) per post, all of its
recorded history together. It only advises with enough history: at least
:data:`ENOUGH` posts with feedback on a network, on at least two networks,
and one network clearly ahead (a tie says nothing). Without that it stays
silent rather than guessing.

Read once per draft open, with the rest of the draft's context
(``composer/core/context.py``), never per keystroke: one grouped query. The
result is small and picklable (the checker may run in another process), and
its advice is worked out when it is read, so the rule only looks it up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from composer.core.storage.store import Store

#: Posts with feedback a network needs for an audience before it is compared.
ENOUGH = 5
#: Networks with enough history an audience needs before any advice.
NETWORKS_NEEDED = 2


@dataclass(frozen=True)
class NetworkReturn:
    """What the posts for one audience brought on one network: ``posts`` with feedback, their ``responses``."""

    network: str
    posts: int
    responses: int

    @property
    def per_post(self) -> float:
        return self.responses / self.posts if self.posts else 0.0


@dataclass(frozen=True)
class AudienceHistory:
    """Per audience, the network with most responses per post (only where there is enough history).

    ``best`` maps an audience key to its best network, ``runner_up`` to the next one (for the
    message's comparison); an audience absent from ``best`` gets no advice.
    """

    best: dict[str, NetworkReturn] = field(default_factory=dict)
    runner_up: dict[str, NetworkReturn] = field(default_factory=dict)

    def advice(self, audience: str | None) -> NetworkReturn | None:
        return self.best.get(audience) if audience else None


def audience_history(store: Store) -> AudienceHistory:
    """The library's history, in one grouped query over the publications with feedback."""
    rows = store.db.all(
        "SELECT d.audience, p.network, count(*), sum(f.comments + f.questions + f.suggestions)"
        " FROM publications p JOIN drafts d ON d.id = p.draft_id JOIN feedback f ON f.publication_id = p.id"
        " WHERE d.audience IS NOT NULL GROUP BY d.audience, p.network", [])
    per_audience: dict[str, list[NetworkReturn]] = {}
    for audience, network, posts, responses in rows:
        per_audience.setdefault(audience, []).append(NetworkReturn(network, int(posts), int(responses or 0)))
    return from_returns(per_audience)


def from_returns(per_audience: dict[str, list[NetworkReturn]]) -> AudienceHistory:
    """The advice from each audience's networks with enough posts: a clear winner among at least two."""
    best, runner_up = {}, {}
    for audience, found in per_audience.items():
        returns = [r for r in found if r.posts >= ENOUGH]
        if len(returns) < NETWORKS_NEEDED:
            continue
        first, second = sorted(returns, key=lambda r: (-r.per_post, -r.posts, r.network))[:2]
        if round(first.per_post, 1) > round(second.per_post, 1):
            best[audience], runner_up[audience] = first, second
    return AudienceHistory(best, runner_up)
