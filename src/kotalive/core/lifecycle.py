"""A declared lifecycle: the table of a workflow's actions, read by services, forms, buttons and
APIs alike, so that what may happen to a record is written once.

Each action names the states it may start from, the state it leads to (None: it does not move
the state, like a reply or a note) and the roles that may take it. Roles are the domain's words
("command_centre", "reporter", "system"...); which roles an actor holds on a given record is the
domain's policy's decision, not this module's. Refusals are `DomainError`s with stable codes.

    ORDER = Lifecycle(
        name="order",
        states=dict(Order.State.choices),
        initial="new",
        actions=(Action("pay", sources={"new"}, target="paid", roles={"buyer"}),),
    )
    ORDER.check("pay", state=order.state, roles=policy.order_roles(actor, order))
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kotalive.core.errors import DomainError, PermissionDenied

StrOrPromise = str | Promise


@dataclass(frozen=True)
class Refusal:
    """A stable code and a translated message; `%(state)s` in it is the state's label."""

    code: str
    message: StrOrPromise
    status: int

    def error(self, *, state_label: str = "") -> DomainError:
        message = str(self.message)
        if "%(state)s" in message:
            message = message % {"state": state_label}
        if self.status == 403:
            return PermissionDenied(self.code, message)
        return DomainError(self.code, message, status=self.status)


WRONG_STATE = Refusal("wrong_state", _("This step is not possible now (%(state)s)."), 409)
FORBIDDEN = Refusal("forbidden", _("You do not have permission to do this."), 403)


@dataclass(frozen=True)
class Action:
    """One row of the table. `denied` and `wrong_state` replace the lifecycle's refusals."""

    name: str
    sources: AbstractSet[str]
    target: str | None
    roles: AbstractSet[str]
    label: StrOrPromise = ""
    denied: Refusal | None = None
    wrong_state: Refusal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "roles", frozenset(self.roles))


@dataclass(frozen=True)
class Lifecycle:
    name: str
    states: Mapping[str, StrOrPromise]  # value -> label, in the order the diagram lists them
    initial: str
    actions: tuple[Action, ...]
    wrong_state: Refusal = WRONG_STATE
    denied: Refusal = FORBIDDEN
    _by_name: dict[str, Action] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {a.name: a for a in self.actions}
        if len(by_name) != len(self.actions):
            raise ValueError(f"{self.name}: two actions with the same name")
        known = set(self.states)
        for a in self.actions:
            unknown = (a.sources | ({a.target} if a.target else set())) - known
            if unknown or not a.sources or not a.roles:
                raise ValueError(f"{self.name}.{a.name}: sources, target or roles wrong")
        if self.initial not in known:
            raise ValueError(f"{self.name}: unknown initial state {self.initial}")
        object.__setattr__(self, "_by_name", by_name)

    def __getitem__(self, name: str) -> Action:
        return self._by_name[name]

    def allows(self, action: str, *, state: str, roles: Collection[str]) -> bool:
        """May an actor holding `roles` take `action` from `state`?"""
        found = self._by_name[action]
        return state in found.sources and not found.roles.isdisjoint(roles)

    def available(self, *, state: str, roles: Collection[str]) -> list[Action]:
        """The actions an actor holding `roles` may take from `state`, in table order."""
        return [a for a in self.actions if self.allows(a.name, state=state, roles=roles)]

    def check(self, action: str, *, state: str, roles: Collection[str]) -> Action:
        """The action, or the refusal: first who may take it (403), then from where (409)."""
        found = self._by_name[action]
        if found.roles.isdisjoint(roles):
            raise (found.denied or self.denied).error()
        if state not in found.sources:
            label = str(self.states.get(state, state))
            raise (found.wrong_state or self.wrong_state).error(state_label=label)
        return found

    def mermaid(self) -> str:
        """The state diagram (Mermaid `stateDiagram-v2`): every action that moves the state and
        who takes it; the states nothing leads out of end it. `table()` lists the others."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for state in self.states:
            for a in self.actions:
                if state in a.sources and a.target is not None:
                    who = ", ".join(sorted(a.roles))
                    lines.append(f"    {state} --> {a.target}: {a.name} ({who})")
        ends = [
            s
            for s in self.states
            if not any(s in a.sources and a.target is not None for a in self.actions)
        ]
        lines += [f"    {s} --> [*]" for s in ends]
        return "\n".join(lines)

    def table(self) -> str:
        """The table as Markdown: action, from, to, who."""
        rows = ["| action | from | to | who |", "|---|---|---|---|"]
        for a in self.actions:
            sources = ", ".join(s for s in self.states if s in a.sources)
            if a.sources == set(self.states):
                sources = "any"
            target = a.target or "(stays)"
            rows.append(f"| {a.name} | {sources} | {target} | {', '.join(sorted(a.roles))} |")
        return "\n".join(rows)


_BLOCK = "<!-- lifecycle:{name} (generated: kotalive lifecycle_docs) -->"
_END = "<!-- /lifecycle -->"


def docs_block(lifecycle: Lifecycle) -> str:
    """What the docs show of a lifecycle between its markers: the diagram and the table."""
    return "\n".join(
        [
            _BLOCK.format(name=lifecycle.name),
            "```mermaid",
            lifecycle.mermaid(),
            "```",
            "",
            lifecycle.table(),
            _END,
        ]
    )


def docs_rewrite(text: str, lifecycle: Lifecycle) -> str:
    """`text` with the lifecycle's block replaced by the generated one (unchanged if absent)."""
    start = re.escape(_BLOCK.format(name=lifecycle.name))
    pattern = re.compile(start + r".*?" + re.escape(_END), re.DOTALL)
    return pattern.sub(lambda _m: docs_block(lifecycle), text)
