"""Suggestions: "did you mean" for a slug, label, key or property id that is not known."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping


def closest(word: str, known: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to `limit` known words closest to `word`, best first (empty when none is close)."""
    choices = sorted(set(known))
    lowered = {choice.lower(): choice for choice in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=limit, cutoff=0.6)
    if found:
        # Only those about as close as the best: "alpha-town" is no help beside "beta-town".
        score = {c: difflib.SequenceMatcher(None, word.lower(), c).ratio() for c in found}
        best = max(score.values())
        found = [c for c in found if score[c] >= best - 0.1]
    # A word that contains the typed one or is contained by it is close too ("volunteer-group").
    if not found and len(word) >= 4:
        found = [c for c in lowered if word.lower() in c or (len(c) >= 4 and c in word.lower())]
        found = sorted(found, key=lambda c: (abs(len(c) - len(word)), c))[:limit]
    return [lowered[choice] for choice in found]


def did_you_mean(
    word: object, known: Iterable[str], *, labels: Mapping[str, str] | None = None
) -> str:
    """`did you mean 'x' or 'y'?` for `word`, or "" when nothing known is close.

    With `labels` (known id -> label), the typed word is also matched against the labels,
    so a property written by its name ("start time") finds its id, and each suggestion is
    shown with its label: `did you mean P580 (start time)?`.
    """
    if not isinstance(word, str) or not word:
        return ""
    known = sorted(set(known))
    found = closest(word, known)
    if labels:
        by_label: dict[str, list[str]] = {}
        for key, label in labels.items():
            by_label.setdefault(label, []).append(key)
        for label in closest(word, by_label):
            for key in sorted(by_label[label]):
                if key not in found:
                    found.append(key)
        found = found[:3]
    if not found:
        return ""
    shown = [f"{key} ({labels[key]})" if labels and key in labels else repr(key) for key in found]
    if len(shown) == 1:
        return f"did you mean {shown[0]}?"
    return f"did you mean {', '.join(shown[:-1])} or {shown[-1]}?"


def unknown_keys(unknown: Iterable[str], known: Iterable[str]) -> tuple[str, str]:
    """What is wrong with keys a table does not take and how to fix it, e.g.
    ("unknown key 'qoute' (did you mean 'quote'?)", "rename it") or
    ("unknown key 'xyz'", "remove xyz")."""
    known = sorted(set(known))
    parts: list[str] = []
    renames: list[str] = []
    removals: list[str] = []
    for key in sorted(unknown):
        hint = did_you_mean(key, known)
        parts.append(f"unknown key {key!r}" + (f" ({hint})" if hint else ""))
        (renames if hint else removals).append(key)
    fixes = [f"rename {', '.join(renames)}"] if renames else []
    if removals:
        fixes.append(f"remove {', '.join(removals)}")
    return ", ".join(parts), " or ".join(fixes)
