"""The agenda behaves as a dict of key → instant taken earliest first, and a rollback restores it exactly."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.store.agenda import Agenda

KEYS = st.tuples(st.just("invoice"), st.integers(1, 4), st.sampled_from(["past_due", "autopay"]))
OPS = st.lists(st.one_of(
    st.tuples(st.just("set"), KEYS, st.one_of(st.none(), st.integers(0, 50))),
    st.tuples(st.just("pop"), st.integers(0, 50)),
    st.tuples(st.just("clear")),
), max_size=40)


def run(agenda: Agenda, model: dict, op: tuple) -> None:
    if op[0] == "set":
        agenda.set(op[1], op[2])
        if op[2] is None:
            model.pop(op[1], None)
        else:
            model[op[1]] = op[2]
    elif op[0] == "pop":
        taken = agenda.pop_due(op[1])
        due = [(instant, key) for key, instant in model.items() if instant <= op[1]]
        if not due:
            assert taken is None
        else:
            assert taken is not None and taken[0] == min(due)[0] and model[taken[1]] == taken[0]
            del model[taken[1]]
    else:
        agenda.clear()
        model.clear()


@given(OPS, OPS)
def test_the_agenda_is_its_model_and_rolls_back_to_it(committed: list, rolled_back: list) -> None:
    log: list[Callable[[], None]] = []
    agenda = Agenda(log.append)
    model: dict = {}
    for op in committed:
        run(agenda, model, op)
    saved, mark = dict(model), len(log)
    for op in rolled_back:
        run(agenda, model, op)
    for undo in reversed(log[mark:]):
        undo()
    assert {key: agenda.get(key) for key in saved} == saved and len(agenda) == len(saved)
    assert agenda.next_instant() == min(saved.values(), default=float("inf"))
