"""Loads a clinical YAML file into a pydantic model, naming file, line and field on error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

# libyaml's parser when PyYAML was built with it: several times faster at start-up.
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeFileError(Exception):
    """A clinical knowledge file is unreadable or does not match its schema."""

    def __init__(self, path: Path, line: int | None, field: str, message: str) -> None:
        where = f"{path.name}, line {line}" if line is not None else path.name
        super().__init__(f"{where}, field '{field}': {message}")
        self.path = path
        self.line = line
        self.field = field


def _node_at(node: yaml.Node, loc: tuple[int | str, ...]) -> yaml.Node:
    """The deepest YAML node that `loc` (a pydantic error location) reaches."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            if match is None:
                return node
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return node
            node = node.value[key]
        else:
            return node
    return node


def _field_name(loc: tuple[int | str, ...]) -> str:
    text = ""
    for key in loc:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "(top level)"


def load_yaml_model[M: BaseModel](path: Path, model: type[M]) -> M:
    """Parse `path` and validate it as `model`; every failure is a KnowledgeFileError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeFileError(path, None, "(file)", f"cannot be read: {error}") from error
    try:
        data: Any = yaml.load(text, Loader=_FastLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise KnowledgeFileError(path, line, "(syntax)", str(error).splitlines()[0]) from error
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        # Line numbers only on failure: composing the node tree costs as much as parsing.
        root = yaml.compose(text, Loader=_FastLoader)
        line = _node_at(root, loc).start_mark.line + 1 if root is not None else None
        raise KnowledgeFileError(path, line, _field_name(loc), first["msg"]) from error
