"""``regex_full_match`` and ``regex_replace`` with RE2 semantics on Python's `re`.

Strings are matched as UTF-8 text (RE2's default: '.' is one character, not one byte); invalid
bytes survive through 'surrogateescape'. Patterns are translated where RE2 and Python differ:
'$' (without (?m)) and '\\z' mean the very end of the text, '\\Q...\\E' quotes, classes such as
'\\w' '\\d' '\\s' are ASCII-only (re.ASCII). Global replacement skips an empty match right after
the previous match, as RE2's GlobalReplace does. Unicode classes are general categories only
('\\pL', '\\p{Lu}'; no scripts such as '\\p{Greek}').
"""
from __future__ import annotations

import functools
import re

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.strings import _unicode_classes
from fluxion.strings._common import (
    STRING,
    invalid,
    map_bytes,
    map_number,
    ragged_elementwise,
    scalar_bytes,
)

_MULTILINE = re.compile(r"\(\?[a-zA-Z]*m[a-zA-Z]*[):]")
_POSIX = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "0-9A-Za-z", "upper": "A-Z",
          "lower": "a-z", "space": r"\t\n\v\f\r ", "blank": r"\t ", "word": "0-9A-Za-z_",
          "xdigit": "0-9A-Fa-f", "cntrl": r"\x00-\x1f\x7f", "print": r"\x20-\x7e",
          "graph": r"\x21-\x7e", "ascii": r"\x00-\x7f",
          "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")}
# RE2's \s is [\t\n\f\r ] (no \v, unlike Python's ASCII \s)
_ESCAPES = {"z": (r"\Z", None), "s": (r"[\t\n\f\r ]", r"\t\n\f\r "),
            "S": (r"[^\t\n\f\r ]", None), "C": (".", None)}


def _escape(pattern: str, i: int, in_class: bool) -> tuple:
    """The Python text for the RE2 escape at pattern[i] ('\\'), and the index after it."""
    nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
    if nxt == "Q":
        end = pattern.find("\\E", i + 2)
        end = len(pattern) if end < 0 else end
        return re.escape(pattern[i + 2:end]), end + 2
    if nxt in ("p", "P"):
        return _unicode_class(pattern, i, in_class)
    if nxt.isdigit() and nxt != "0" and not in_class:
        raise re.error("backreferences are not supported by RE2")
    if nxt in _ESCAPES:
        text = _ESCAPES[nxt][1 if in_class else 0]
        if text is not None:
            return text, i + 2
    return pattern[i:i + 2], i + 2


def _unicode_class(pattern: str, i: int, in_class: bool) -> tuple:
    """RE2's '\\pL', '\\p{Lu}', '\\PN', '\\p{^L}' (general categories only)."""
    if pattern[i + 2:i + 3] == "{":
        end = pattern.find("}", i + 3)
        if end < 0:
            raise re.error("missing closing } in Unicode class")
        name, after = pattern[i + 3:end], end + 1
    else:
        name, after = pattern[i + 2:i + 3], i + 3
    negated = (pattern[i + 1] == "P") != name.startswith("^")
    ranges = _unicode_classes.category_ranges(name.lstrip("^"))
    if ranges is None:
        raise re.error(f"Unicode class \\p{{{name}}} is not supported (only categories)")
    if in_class:
        if negated:
            raise re.error("a negated Unicode class inside [...] is not supported")
        return ranges, after
    return ("[^" if negated else "[") + ranges + "]", after


def _translate(pattern: str) -> str:
    """An RE2 pattern as an equivalent Python pattern (see the module docstring)."""
    multiline = bool(_MULTILINE.search(pattern))
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            text, i = _escape(pattern, i, in_class)
            out.append(text)
            continue
        if in_class:
            if c == "[" and pattern[i + 1:i + 2] == ":":
                end = pattern.find(":]", i + 2)
                name = pattern[i + 2:end] if end > 0 else ""
                if name in _POSIX:
                    out.append(_POSIX[name])
                    i = end + 2
                    continue
            in_class = c != "]" or out[-1] in ("[", "[^")
            c = "\\[" if c == "[" else c  # a literal '[' in a class (Python warns on '[[')
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                out.append("[^")
                i += 2
                continue
        elif c == "$" and not multiline:
            c = "\\Z"
        elif c == "{" and pattern[i + 1:i + 2] == ",":
            c = "\\{"  # RE2 reads '{,n}' literally
        elif c == "(" and pattern.startswith(("?=", "?!", "?<=", "?<!"), i + 1):
            raise re.error("lookaround assertions are not supported by RE2")
        out.append(c)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _compile(pattern: bytes, op: str):
    try:
        text = pattern.decode("utf-8", "surrogateescape")
        return re.compile(_translate(text), re.ASCII)
    except re.error as e:
        raise invalid(f"Invalid pattern: {pattern.decode('utf-8', 'replace')}, error: {e}",
                      op) from None


def _text(s: bytes) -> str:
    return s.decode("utf-8", "surrogateescape")


def _full_match_kernel(xp, x, pattern):
    regex = _compile(scalar_bytes(pattern, "Pattern", "RegexFullMatch"), "RegexFullMatch")
    return map_number(lambda s: regex.fullmatch(_text(s)) is not None, x, np.bool_)


regex_full_match_op = defop("regex_full_match", _full_match_kernel, dtypes=(STRING,),
                            tf_name="RegexFullMatch",
                            infer=lambda x, p: Spec(x.shape, dtypes.bool))


@functools.lru_cache(maxsize=256)
def _parse_rewrite(rewrite: bytes) -> tuple:
    """RE2 rewrite text as literal pieces and group numbers ('\\0'..'\\9'; '\\\\' is '\\').
    An invalid escape ends the rewrite there, as RE2's Rewrite stops at it."""
    parts, literal, i = [], [], 0
    text = _text(rewrite)
    while i < len(text):
        c = text[i]
        if c == "\\":
            nxt = text[i + 1:i + 2]
            if nxt == "\\":
                literal.append("\\")
            elif nxt.isdigit():
                parts += ["".join(literal), int(nxt)]
                literal = []
            else:
                break
            i += 2
            continue
        literal.append(c)
        i += 1
    parts.append("".join(literal))
    return tuple(p for p in parts if p != "")


def _replace_one(regex, parts, s: str, replace_global: bool) -> str:
    """RE2's Replace / GlobalReplace: after an empty match, the next character is copied
    and no empty match is allowed where the previous match ended."""
    out, pos, last_end, count = [], 0, -1, 0
    while pos <= len(s):
        m = regex.search(s, pos)
        if m is None:
            break
        start, end = m.span()
        out.append(s[pos:start])
        if start == end == last_end:
            out.append(s[start:start + 1])
            pos = start + 1
            continue
        out.extend(p if isinstance(p, str) else (m.group(p) or "") for p in parts)
        pos = last_end = end
        count += 1
        if not replace_global:
            break
    out.append(s[pos:])
    return "".join(out) if count else s


def _replace_kernel(xp, x, pattern, rewrite, replace_global):
    regex = _compile(scalar_bytes(pattern, "Pattern", "RegexReplace"), "RegexReplace")
    parts = _parse_rewrite(scalar_bytes(rewrite, "Rewrite", "RegexReplace"))
    groups = [p for p in parts if isinstance(p, int)]
    if groups and max(groups) > regex.groups:
        return np.array(x, object, copy=True)  # RE2 rejects the rewrite: nothing replaced
    return map_bytes(lambda s: _replace_one(regex, parts, _text(s), replace_global).encode(
        "utf-8", "surrogateescape"), x)


regex_replace_op = defop("regex_replace", _replace_kernel, dtypes=(STRING,),
                         tf_name="RegexReplace", infer=lambda x, p, r, **a: Spec(x.shape, STRING))


@ragged_elementwise
def regex_full_match(input, pattern, name=None):
    """``tf.strings.regex_full_match``: whether each whole string matches `pattern` (RE2)."""
    return regex_full_match_op(input, pattern)


@ragged_elementwise
def regex_replace(input, pattern, rewrite, replace_global: bool = True, name=None):
    """``tf.strings.regex_replace``: replaces matches of `pattern` (RE2 syntax) with
    `rewrite`, where '\\1' names a group and '\\0' the whole match."""
    return regex_replace_op(input, pattern, rewrite, replace_global=bool(replace_global))


__all__: list = []
