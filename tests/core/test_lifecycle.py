"""The declared-lifecycle mechanism (`core/lifecycle.py`) on a small made-up workflow."""

from __future__ import annotations

import pytest
from django.utils import translation

from kotalive.core.errors import DomainError, PermissionDenied
from kotalive.core.lifecycle import Action, Lifecycle, Refusal, docs_block, docs_rewrite

ORDER = Lifecycle(
    name="order",
    states={"new": "New", "paid": "Paid", "cancelled": "Cancelled"},
    initial="new",
    actions=(
        Action("pay", sources={"new"}, target="paid", roles={"buyer"}),
        Action("cancel", sources={"new", "paid"}, target="cancelled", roles={"buyer", "clerk"}),
        Action("comment", sources={"new", "paid", "cancelled"}, target=None, roles={"clerk"}),
        Action(
            "refund",
            sources={"paid"},
            target="cancelled",
            roles={"clerk"},
            denied=Refusal("not_clerk", "Only a clerk refunds.", 403),
            wrong_state=Refusal("not_paid", "Nothing to refund while %(state)s.", 409),
        ),
    ),
)


def test_an_action_is_allowed_from_its_states_to_its_roles_only() -> None:
    assert ORDER.allows("pay", state="new", roles={"buyer"})
    assert not ORDER.allows("pay", state="paid", roles={"buyer"})
    assert not ORDER.allows("pay", state="new", roles={"clerk"})
    assert not ORDER.allows("pay", state="new", roles=set())
    assert ORDER.allows("cancel", state="paid", roles={"someone", "clerk"})


def test_available_lists_what_the_roles_may_do_now_in_table_order() -> None:
    assert [a.name for a in ORDER.available(state="new", roles={"buyer"})] == ["pay", "cancel"]
    assert [a.name for a in ORDER.available(state="paid", roles={"clerk"})] == [
        "cancel",
        "comment",
        "refund",
    ]
    assert ORDER.available(state="cancelled", roles={"buyer"}) == []


def test_check_refuses_the_role_first_then_the_state_with_stable_codes() -> None:
    with pytest.raises(PermissionDenied) as role:
        ORDER.check("pay", state="paid", roles={"clerk"})
    assert (role.value.code, role.value.status) == ("forbidden", 403)
    with translation.override("en"), pytest.raises(DomainError) as state:
        ORDER.check("pay", state="paid", roles={"buyer"})
    assert (state.value.code, state.value.status) == ("wrong_state", 409)
    assert str(state.value.message) == "This step is not possible now (Paid)."
    assert ORDER.check("pay", state="new", roles={"buyer"}).target == "paid"


def test_the_refusal_message_is_translated() -> None:
    with translation.override("id"), pytest.raises(DomainError) as state:
        ORDER.check("pay", state="paid", roles={"buyer"})
    assert str(state.value.message) == "Langkah ini tidak dapat dilakukan sekarang (Paid)."


def test_an_action_may_name_its_own_refusals() -> None:
    with pytest.raises(PermissionDenied) as role:
        ORDER.check("refund", state="paid", roles={"buyer"})
    assert role.value.code == "not_clerk"
    with pytest.raises(DomainError) as state:
        ORDER.check("refund", state="new", roles={"clerk"})
    assert (state.value.code, str(state.value.message)) == (
        "not_paid",
        "Nothing to refund while New.",
    )


@pytest.mark.parametrize(
    "bad",
    [
        Action("x", sources={"nowhere"}, target=None, roles={"clerk"}),
        Action("x", sources={"new"}, target="nowhere", roles={"clerk"}),
        Action("x", sources={"new"}, target=None, roles=set()),
    ],
)
def test_a_table_naming_unknown_states_or_nobody_is_refused_at_import(bad: Action) -> None:
    with pytest.raises(ValueError, match=r"order\.x"):
        Lifecycle(name="order", states=ORDER.states, initial="new", actions=(bad,))


def test_two_actions_of_one_name_are_refused() -> None:
    pay = ORDER["pay"]
    with pytest.raises(ValueError, match="same name"):
        Lifecycle(name="order", states=ORDER.states, initial="new", actions=(pay, pay))


def test_the_diagram_shows_every_move_who_makes_it_and_the_end_states() -> None:
    assert ORDER.mermaid().splitlines() == [
        "stateDiagram-v2",
        "    [*] --> new",
        "    new --> paid: pay (buyer)",
        "    new --> cancelled: cancel (buyer, clerk)",
        "    paid --> cancelled: cancel (buyer, clerk)",
        "    paid --> cancelled: refund (clerk)",
        "    cancelled --> [*]",
    ]
    assert "| comment | any | (stays) | clerk |" in ORDER.table().splitlines()


def test_the_docs_block_is_replaced_between_its_markers_only() -> None:
    text = "intro\n<!-- lifecycle:order (generated: kotalive lifecycle_docs) -->\nold\n"
    text += "<!-- /lifecycle -->\noutro\n"
    new = docs_rewrite(text, ORDER)
    assert new == "intro\n" + docs_block(ORDER) + "\noutro\n"
    assert docs_rewrite(new, ORDER) == new
    assert docs_rewrite("no markers", ORDER) == "no markers"
