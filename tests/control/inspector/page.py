"""What a person sees of an inspector page, read with the standard library's HTML parser: the text, the
headings, links, tables (rows as {header: cell text}) and forms (action, method, fields with their labels)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from werkzeug.test import TestResponse

VOID = {"input", "br", "hr", "img", "meta", "link", "col", "wbr", "source", "area", "base", "param"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed (a <br> and the end of a block are spaces)."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style", "template"):
                parts.append(" " + child.text + " ")
        return " ".join("".join(parts).split())

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Every descendant with ``tag`` (any when None) whose attributes include ``attrs`` (``class_`` for class:
        one of its classes)."""
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (tag is None or child.tag == tag) and _has(child, attrs):
                found.append(child)
            found.extend(child.all(tag, **attrs))
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)


def _has(node: Node, attrs: dict[str, str]) -> bool:
    for name, wanted in attrs.items():
        if name == "class_":
            if wanted not in (node.attrs.get("class") or "").split():
                return False
        elif node.attrs.get(name.replace("_", "-")) != wanted:
            return False
    return True


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v if v is not None else "" for k, v in attrs}, parent=self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.open))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.open = node.parent

    def handle_data(self, data: str) -> None:
        self.open.children.append(data)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str]  # name → value (a select: its selected option; a checkbox: its value when checked)
    labels: dict[str, str]  # name → its label's text
    buttons: list[str]


class Page:
    """One HTML answer, parsed."""

    def __init__(self, response: TestResponse | str) -> None:
        if isinstance(response, str):
            self.status, self.html = 200, response
        else:
            self.status, self.html = response.status_code, response.get_data(as_text=True)
            assert response.mimetype == "text/html", (response.status_code, self.html[:300])
        builder = _Builder()
        builder.feed(self.html)
        self.root = builder.root

    @property
    def text(self) -> str:
        return self.root.one("body").text

    @property
    def h1(self) -> str:
        return self.root.one("h1").text

    def headings(self) -> list[tuple[int, str]]:
        return [(int(n.tag[1]), n.text) for n in self._walk() if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]

    def _walk(self, node: Node | None = None) -> list[Node]:
        out = []
        for child in (node or self.root).children:
            if isinstance(child, Node):
                out.append(child)
                out.extend(self._walk(child))
        return out

    def links(self) -> dict[str, str]:
        """Link text → href (the first of each text)."""
        out: dict[str, str] = {}
        for a in self.root.all("a"):
            out.setdefault(a.text, a.get("href") or "")
        return out

    def link(self, text: str) -> str:
        links = self.links()
        assert text in links, f"no link {text!r} among {sorted(links)}"
        return links[text]

    def table(self, table_id: str) -> list[dict[str, Any]]:
        """The rows of ``<table id=table_id>``: header text → cell text, plus ``_id`` (the row's id) and ``_links``."""
        table = self.root.one("table", id=table_id)
        headers = [th.text for th in table.one("thead").all("th")] if table.all("thead") else []
        rows = []
        for tr in table.all("tr"):
            if tr.parent is not None and tr.parent.tag == "thead":
                continue
            cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
            row: dict[str, Any] = dict(zip(headers, (c.text for c in cells), strict=False))
            row["_id"] = tr.get("id")
            row["_links"] = {a.text: a.get("href") for c in cells for a in c.all("a")}
            rows.append(row)
        return rows

    def forms(self) -> list[Form]:
        found = []
        labels = {n.get("for"): n.text for n in self.root.all("label") if n.get("for")}
        for form in self.root.all("form"):
            fields: dict[str, str] = {}
            named: dict[str, str] = {}
            for node in form.all():
                name = node.get("name")
                if not name or node.tag not in ("input", "select", "textarea"):
                    continue
                if node.tag == "select":
                    chosen = [o for o in node.all("option") if "selected" in o.attrs] or node.all("option")[:1]
                    fields[name] = (chosen[0].get("value") or chosen[0].text) if chosen else ""
                elif node.tag == "textarea":
                    fields[name] = node.text
                elif node.get("type") in ("checkbox", "radio"):
                    if "checked" in node.attrs:
                        fields[name] = node.get("value") or "on"
                else:
                    fields[name] = node.get("value") or ""
                wrapping = node.parent
                while wrapping is not None and wrapping.tag != "label":
                    wrapping = wrapping.parent
                named[name] = labels.get(node.get("id")) or (wrapping.text if wrapping is not None else "")
            buttons = [b.text or b.get("value") or "" for b in form.all("button")]
            found.append(Form(form.get("action") or "", (form.get("method") or "get").lower(), fields, named, buttons))
        return found

    def form(self, button: str) -> Form:
        """The form holding the button ``button``."""
        matching = [f for f in self.forms() if button in f.buttons]
        buttons = [f.buttons for f in self.forms()]
        assert len(matching) == 1, f"{len(matching)} forms with a {button!r} button: {buttons}"
        return matching[0]

    def by_id(self, element_id: str) -> Node:
        return self.root.one(id=element_id)
