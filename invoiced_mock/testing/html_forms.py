"""Reading a page as a browser would, for tests without one: its forms (what submitting them sends) and the
text of its elements by id. Standard library only (``html.parser``); enough for the mock's own plain pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})


@dataclass
class Control:
    """One named input, select or textarea of a form."""

    name: str
    kind: str  # text, hidden, checkbox, radio, select, number, email...
    value: str
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    id: str
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)

    def fill(self, values: dict[str, str | bool]) -> list[tuple[str, str]]:
        """What submitting the form sends once ``values`` are typed in: a text field takes a string; a
        checkbox is ticked by ``True`` (or its value) and cleared by ``False``; a radio group takes the value of
        the button to pick. Names the form does not have are refused (a test that types into nothing)."""
        known = {c.name for c in self.controls}
        unknown = sorted(set(values) - known)
        if unknown:
            raise KeyError(f"the form {self.id or self.action!r} has no field {unknown[0]!r} "
                           f"(it has {', '.join(sorted(known))})")
        sent = []
        for control in self.controls:
            given = values.get(control.name)
            if control.kind == "checkbox":
                ticked = control.checked if given is None else given is True or given == control.value
                if ticked:
                    sent.append((control.name, control.value))
            elif control.kind == "radio":
                if (control.checked if given is None else given == control.value):
                    sent.append((control.name, control.value))
            else:
                sent.append((control.name, control.value if given is None else str(given)))
        return sent


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None, list[str]]] = []  # (tag, id, text so far) of open elements
        self._select: Control | None = None
        self._selected = False  # an option of the open select was marked selected

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(found.get("id", ""), found.get("action", ""), found.get("method", "get").upper()))
        elif tag in ("input", "select", "textarea") and self.forms and found.get("name"):
            kind = found.get("type", "text").lower() if tag == "input" else tag
            control = Control(found["name"], kind, found.get("value", "on" if kind in ("checkbox", "radio") else ""),
                              "checked" in found)
            if kind not in ("submit", "button", "reset"):
                self.forms[-1].controls.append(control)
            if tag == "select":
                self._select, self._selected = control, False
        elif tag == "option" and self._select is not None:
            self._select.options.append(found.get("value", ""))
            if "selected" in found or (len(self._select.options) == 1 and not self._selected):
                self._select.value = found.get("value", "")
                self._selected = self._selected or "selected" in found
        if tag not in VOID:
            self._open.append((tag, found.get("id"), []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        while self._open:
            name, element_id, text = self._open.pop()
            joined = " ".join("".join(text).split())
            if element_id:
                self.texts[element_id] = joined
            if self._open:
                self._open[-1][2].append(" " + joined + " ")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)


@dataclass(frozen=True)
class Read:
    forms: list[Form]
    texts: dict[str, str]  # element id → its text, whitespace collapsed


def read(html: str) -> Read:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Read(reader.forms, reader.texts)
