"""Checked reading of parsed YAML, so every problem names its file and key path.

A :class:`Node` wraps one value with the path that leads to it
(``koppelkansen[3] (K03).extra_kosten.min``; list positions count from 1, as a
user counts). Its accessors either return a clean Python value or raise a
:class:`~decision.errors.FileFormatError` that names the path and the problem.

:func:`parse_yaml` is the one way in for workshop files and criteria sets. It
refuses YAML anchors and aliases (the "billion laughs"), deep nesting and files
with too many values while reading the parser's events, before anything is
built; the caps are in :mod:`decision.files.limits`.
"""

from __future__ import annotations

import builtins  # Node has a method named str: annotations after it must name the type in full
import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from decision.domain.model import Text
from decision.errors import FileFormatError
from decision.files.limits import (
    MAX_ID_CHARS,
    MAX_LIST_ITEMS,
    MAX_SHOWN_CHARS,
    MAX_TEXT_CHARS,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
)

_TYPE_NAMES = {
    dict: "mapping",
    list: "list",
    str: "text",
    int: "integer",
    float: "number",
    bool: "yes/no",
    type(None): "empty",
    dt.date: "date",
}


def _bound(limit: float | None, open_end: str) -> str:
    """A range limit for a message; an open end (None) reads as infinity."""
    return open_end if limit is None else f"{limit:g}"


def type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


# Python refuses to write an integer of more than 4,300 digits as decimal text (a
# ValueError from str()), and float() an integer beyond 1e308 (an OverflowError): a
# file may hold either ("0xfff…" is cheap to write), so a message must never call them
_PLAIN_INT_BITS = 64


def shown(value: object) -> str:
    """A value as a message may quote it: short, and never an expensive or failing ``str()``.

    Texts are cut to :data:`~decision.files.limits.MAX_SHOWN_CHARS`; a very large
    integer is given by its order of magnitude; a list or mapping by its type only,
    since writing out a parsed container is what made the "billion laughs" expensive.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _PLAIN_INT_BITS:
        return f"~{'-' if value < 0 else ''}1e{int(value.bit_length() * math.log10(2))}"
    if isinstance(value, (dict, list, set, tuple, bytes)):
        return type_name(value)
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def shown_params(params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters with every text from the file cut short.

    ``allowed`` is the app's own list of choices (never from the file), so it is kept whole.
    """
    return {
        key: value if key == "allowed" or _plain_number(value) else shown(value)
        for key, value in params.items()
    }


def _plain_number(value: object) -> bool:
    """A count or a bound: a message shows it as it is."""
    if isinstance(value, int):
        return value.bit_length() <= _PLAIN_INT_BITS
    return isinstance(value, float)


class _UniqueKeys(yaml.constructor.SafeConstructor):
    """The safe constructor, refusing a mapping that repeats a key.

    Plain YAML keeps the last of two equal keys and silently drops the other; in a
    score sheet that would lose a participant's score without a word. An impossible
    date is kept as text (see :meth:`construct_lenient_timestamp`).
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:  # unhashable key: the base class reports it
                    continue
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"found duplicate key {key!r}", key_node.start_mark,
                    )  # fmt: skip
        return super().construct_mapping(node, deep=deep)

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date-like value that is no real date (2026-13-45) stays text.

        The field that expects a date then reports it by name, instead of the
        parser failing with a bare ``ValueError``.
        """
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


def _loader_on(base: type) -> type:
    """A loader with :class:`_UniqueKeys` on the given safe loader (libyaml's or PyYAML's)."""
    loader: Any = type("_UniqueKeyLoader", (_UniqueKeys, base), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", _UniqueKeys.construct_lenient_timestamp)
    return loader


# libyaml's parser when PyYAML has it: some five times faster on a large workshop
_LOADER = _loader_on(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# No number the app computes with is longer: a float ends at 1.8e308 (309 digits). A
# longer plain integer is refused while reading the events, because building it is
# where it fails: Python refuses to read more than 4,300 decimal digits (ValueError).
_LONGEST_NUMBER_CHARS = 400
_INT_TAG = "tag:yaml.org,2002:int"


class _Refused(Exception):
    """The event stream breaks a limit: the catalog problem, its parameters, and where."""

    def __init__(self, mark: Any, problem: str, **params: Any) -> None:
        super().__init__(problem)
        self.mark = mark
        self.problem = problem
        self.params = params


def _is_integer(parser: Any, event: yaml.ScalarEvent) -> bool:
    """Whether the loader builds an integer from this scalar: tagged ``!!int``, or plain and int-shaped."""
    if event.tag == _INT_TAG:
        return True
    return event.tag is None and parser.resolve(yaml.ScalarNode, event.value, event.implicit) == _INT_TAG


def _check_structure(text: str, loader: type) -> None:
    """Walk the parser's events and refuse aliases, anchors, deep nesting and too many nodes.

    This runs before a single node is composed or a value built. An alias (``*a``)
    is where a "billion laughs" file multiplies itself: the loader itself only
    shares the object, but every later walk over it (a ``str()`` in a message, a
    validation that copies the value into the workshop) expands it. Workshop files
    and criteria sets have no use for anchors, so an anchor (``&a``) is refused as
    well, at the first one, after reading no more than the text up to it. The
    depth and node caps bound the work an alias-free file can ask for
    (:mod:`decision.files.limits`).
    """
    parser = loader(text)
    depth = nodes = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise _Refused(event.start_mark, "yaml_alias")
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
                if nodes > MAX_YAML_NODES:
                    raise _Refused(event.start_mark, "yaml_nodes", limit=MAX_YAML_NODES)
            if (
                isinstance(event, yaml.ScalarEvent)
                and len(event.value) > _LONGEST_NUMBER_CHARS
                and _is_integer(parser, event)
            ):
                raise _Refused(event.start_mark, "number_too_large", value=shown(event.value))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise _Refused(event.start_mark, "yaml_depth", limit=MAX_YAML_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text safely; a syntax error (or a repeated key) names the line and column.

    Aliases and anchors are refused, and so is a file nested more than
    :data:`~decision.files.limits.MAX_YAML_DEPTH` deep or with more than
    :data:`~decision.files.limits.MAX_YAML_NODES` values, before anything is built.
    """
    try:
        _check_structure(text, _LOADER)
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (see _loader_on)
    except _Refused as refused:
        raise FileFormatError(file, _line(refused.mark), refused.problem, **refused.params) from None
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):
            # libyaml's own cap (1,000 levels): its read-ahead can meet it before ours
            raise FileFormatError(file, _line(exc.problem_mark), "yaml_depth", limit=MAX_YAML_DEPTH) from None
        raise FileFormatError(file, _line(exc.problem_mark), "yaml", detail=exc.problem or str(exc)) from None
    except yaml.YAMLError as exc:
        raise FileFormatError(file, "", "yaml", detail=str(exc)) from None
    except RecursionError:
        raise FileFormatError(file, "", "yaml", detail="nesting too deep") from None
    except (ValueError, TypeError) as exc:  # e.g. "!!float abc": PyYAML's constructors raise these
        raise FileFormatError(file, "", "yaml", detail=str(exc)) from None


def _line(mark: Any) -> str | tuple[str, dict[str, Any]]:
    """Where a parser mark points, as a user counts lines and columns (from 1)."""
    return ("where.line", {"line": mark.line + 1, "column": mark.column + 1}) if mark else ""


def read_text(path: str | Path) -> str:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise FileFormatError(str(path), "", "not_found") from None
    except IsADirectoryError:
        raise FileFormatError(str(path), "", "is_directory") from None
    except OSError as exc:
        raise FileFormatError(str(path), "", "unreadable", detail=exc.strerror or str(exc)) from None
    return decode(raw, str(path))


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without BOM); a file in another encoding gets a clear message."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(file, ("where.byte", {"byte": exc.start + 1}), "encoding") from None


class Node:
    """One value in a parsed file, with the path that leads to it."""

    def __init__(self, value: Any, file: str, path: str = "") -> None:
        self.value = value
        self.file = file
        self.path = path

    def fail(self, problem: str, /, **params: Any) -> FileFormatError:
        """The error for this node; values quoted from the file are cut short (:func:`shown`)."""
        return FileFormatError(self.file, self.path, problem, **shown_params(params))

    def _join(self, key: object) -> str:
        # the key as the file writes it, cut short: a path names a place, it never quotes a value
        return f"{self.path}.{shown(key)}" if self.path else shown(key)

    def labelled(self, label: str) -> Node:
        """The same node, its path extended with an id the user recognises."""
        return Node(self.value, self.file, f"{self.path} ({label})" if label else self.path)

    # -- containers ---------------------------------------------------------------
    def mapping(self, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> Node:
        if not isinstance(self.value, dict):
            raise self.fail("type", expected="mapping", got=type_name(self.value))
        for key in self.value:
            if not isinstance(key, str) or key not in allowed:
                raise self.fail("unknown_key", key=key, allowed=", ".join(allowed))
        for key in required:
            if key not in self.value:
                raise self.fail("missing", key=key)
        return self

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and self.value.get(key) is not None

    def get(self, key: str) -> Node | None:
        if not self.has(key):
            return None
        return Node(self.value[key], self.file, self._join(key))

    def child(self, key: str) -> Node:
        node = self.get(key)
        if node is None:
            raise self.fail("missing", key=key)
        return node

    def items(self) -> Iterator[tuple[str, Node]]:
        if not isinstance(self.value, dict):
            raise self.fail("type", expected="mapping", got=type_name(self.value))
        for key, value in self.value.items():
            # a key is an id or a level number: a huge integer key cannot be one, and its
            # order of magnitude matches no id, so the caller reports it as unknown
            yield shown(key) if isinstance(key, int) else str(key), Node(value, self.file, self._join(key))

    def list(self, *, allow_empty: bool = True) -> list[Node]:
        if self.value is None:
            items: list[Any] = []
        elif isinstance(self.value, list):
            items = self.value
        else:
            raise self.fail("type", expected="list", got=type_name(self.value))
        if not items and not allow_empty:
            raise self.fail("empty")
        return [Node(v, self.file, f"{self.path}[{i + 1}]") for i, v in enumerate(items)]

    # -- scalars ------------------------------------------------------------------
    def str(self, *, allow_empty: bool = False, limit: int = MAX_TEXT_CHARS) -> str:
        """A text of at most ``limit`` characters; a number or a date is taken as text too.

        Every text has a limit (:mod:`decision.files.limits`): names and labels a short
        one, descriptions a long one, so no field can carry a whole file's worth of text.
        """
        value = self.value
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            raise self.fail("type", expected="text", got=type_name(value))
        if isinstance(value, int) and value.bit_length() > _PLAIN_INT_BITS:
            raise self.fail("type", expected="text", got=shown(value))  # no name is such a number
        text = str(value).strip()
        check_length(self, text, limit)
        if not text and not allow_empty:
            raise self.fail("empty")
        return text

    def identifier(self) -> builtins.str:
        value = self.value
        if isinstance(value, str) and len(value.strip()) > MAX_ID_CHARS:
            raise self.fail("identifier", value=value)  # not "too long for a text": ids have their own rule
        text = self.str()
        if len(text) > MAX_ID_CHARS or any(ch.isspace() for ch in text):
            raise self.fail("identifier", value=text[:MAX_ID_CHARS])
        return text

    def str_list(self, *, limit: int = MAX_TEXT_CHARS) -> tuple[builtins.str, ...]:
        """At most :data:`~decision.files.limits.MAX_LIST_ITEMS` texts, each at most ``limit``
        characters; one text with ``|`` separators too."""
        if isinstance(self.value, str):
            parts = tuple(part.strip() for part in self.value.split("|") if part.strip())
            self._check_count(len(parts))
            for part in parts:
                check_length(self, part, limit)
            return parts
        items = self.list()
        self._check_count(len(items))
        return tuple(node.str(limit=limit) for node in items)

    def _check_count(self, count: int) -> None:
        if count > MAX_LIST_ITEMS:
            raise self.fail("too_many_items", count=count, limit=MAX_LIST_ITEMS)

    def _float(self, value: int | float) -> float:
        """``value`` as a float; an integer too large for one is refused, never an OverflowError."""
        try:
            return float(value)
        except OverflowError:
            raise self.fail("number_too_large", value=value) from None

    def number(self, *, low: float | None = None, high: float | None = None) -> float:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail("type", expected="number", got=type_name(value))
        number = self._float(value)
        if math.isnan(number) or math.isinf(number):
            raise self.fail("not_finite", value=value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise self.fail("range", value=f"{number:g}", low=_bound(low, "-∞"), high=_bound(high, "∞"))
        return number

    def integer(self, *, low: int | None = None, high: int | None = None) -> int:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail("type", expected="integer", got=type_name(value))
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail("range", value=value, low=_bound(low, "-∞"), high=_bound(high, "∞"))
        return int(value)

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail("type", expected="yes/no", got=type_name(self.value))
        return self.value

    def date(self) -> dt.date:
        value = self.value
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
                try:
                    return dt.datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    pass
        raise self.fail("date", value=value)

    def choice(self, allowed: tuple[builtins.str, ...]) -> builtins.str:
        text = self.str()
        if text not in allowed:
            raise self.fail("choice", value=text, allowed=", ".join(allowed))
        return text

    def text(self, *, allow_empty: bool = False, limit: int = MAX_TEXT_CHARS) -> Text:
        """A plain string (Dutch), or a mapping with ``nl`` and optional ``en``; each at most ``limit``."""
        if isinstance(self.value, dict):
            self.mapping(("nl", "en"), required=("nl",))
            nl = self.child("nl").str(allow_empty=allow_empty, limit=limit)
            en_node = self.get("en")
            return Text(nl, en_node.str(allow_empty=True, limit=limit) if en_node else "")
        if self.value is None and allow_empty:
            return Text("")
        return Text(self.str(allow_empty=allow_empty, limit=limit))


def check_length(node: Node, text: str, limit: int) -> None:
    """Refuse a text longer than ``limit`` characters, naming its length and the limit."""
    if len(text) > limit:
        raise node.fail("too_long", length=len(text), limit=limit)


def check_unique(nodes_and_ids: list[tuple[Node, str]], what: str) -> None:
    seen: set[str] = set()
    for node, ident in nodes_and_ids:
        if ident in seen:
            raise node.fail("duplicate", what=what, value=ident)
        seen.add(ident)
