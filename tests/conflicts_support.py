"""A factory project modelled on the Battle of Wuhan: two revisions of one article that
list several places, participants and commanders across infobox and prose, and disagree
on one count (Chinese deaths), the case where a new user found 3 of 4 conflicts false."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from tests.reports_support import DATA

OLDER = (
    "= Battle of Wuhan =\n\n"
    "- Location: Wuhan\n"
    "- Belligerents: China, Japan\n"
    "- Commanders: Chiang Kai-shek, Shunroku Hata\n"
    "- Casualties: 84,875 Chinese dead\n\n"
    "The Battle of Wuhan was fought across Anhui, Henan and Jiangxi. The Soviet Union also "
    "took part through its volunteers. Chen Cheng commanded the defence. Chinese deaths "
    "numbered 84,875. A later count gave 90,000 dead.\n"
)

NEWER = (
    "= Battle of Wuhan =\n\n"
    "The Battle of Wuhan was fought in Hubei. Xue Yue commanded in Jiangxi. Chinese deaths "
    "numbered 254,628.\n"
)

PLACES = ("Wuhan", "Anhui", "Henan", "Jiangxi", "Hubei")
PARTIES = ("China", "Japan", "Soviet Union")
PEOPLE = ("Chiang Kai-shek", "Shunroku Hata", "Chen Cheng", "Xue Yue")


def slug(label: str) -> str:
    return label.lower().replace(" ", "-")


def _entity(label: str, kind: str) -> str:
    return (
        f'[[entity]]\nslug = "{slug(label)}"\nlabel = "{label}"\nkind = "{kind}"\n'
        f'description = "{kind} of the Wuhan test project"\n'
    )


def _claim(pid: str, value: str, *evidence: tuple[str, str]) -> str:
    cited = ", ".join(f'{{ source = "{stem}", quote = "{quote}" }}' for stem, quote in evidence)
    return f'[[claim]]\nproperty = "{pid}"\nvalue = {value}\nevidence = [{cited}]\n'


CLAIMS = (
    _claim("P276", '"wuhan"', ("older", "Location: Wuhan")),
    *(
        _claim("P276", f'"{slug(p)}"', ("older", "fought across Anhui, Henan and Jiangxi"))
        for p in ("Anhui", "Henan", "Jiangxi")
    ),
    _claim("P276", '"hubei"', ("newer", "fought in Hubei")),
    _claim("P710", '"china"', ("older", "Belligerents: China, Japan")),
    _claim("P710", '"japan"', ("older", "Belligerents: China, Japan")),
    _claim("P710", '"soviet-union"', ("older", "The Soviet Union also took part")),
    _claim("P4791", '"chiang-kai-shek"', ("older", "Commanders: Chiang Kai-shek, Shunroku Hata")),
    _claim("P4791", '"shunroku-hata"', ("older", "Commanders: Chiang Kai-shek, Shunroku Hata")),
    _claim("P4791", '"chen-cheng"', ("older", "Chen Cheng commanded the defence.")),
    _claim("P4791", '"xue-yue"', ("newer", "Xue Yue commanded in Jiangxi.")),
    _claim(
        "P1120",
        "84875",
        ("older", "Casualties: 84,875 Chinese dead"),
        ("older", "Chinese deaths numbered 84,875."),
    ),
    _claim("P1120", "254628", ("newer", "Chinese deaths numbered 254,628.")),
)


def wuhan_project(target: Path, *, extra_claims: tuple[str, ...] = ()) -> Path:
    """The Wuhan project in `target`: the report fixture's dataset, ontology and shapes,
    with its own two sources, entities and claims. `extra_claims` are added to its facts."""
    shutil.copytree(DATA / "reports-basic", target, ignore=shutil.ignore_patterns("output"))
    seeds = target / "seeds"
    for old in ("alpha.txt", "beta.txt", "coverage.toml", "facts", "entities"):
        path = seeds / old
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    registry = []
    for stem, text in (("older", OLDER), ("newer", NEWER)):
        (seeds / f"{stem}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        registry.append(
            f'[[source]]\nfile = "{stem}.txt"\ntitle = "Battle of Wuhan ({stem} revision)"\n'
            'kind = "test fixture"\nlanguage = "en"\n'
            'license = "https://creativecommons.org/licenses/by-sa/3.0/"\n'
            f'sha256 = "{digest}"\n'
        )
    (seeds / "sources.toml").write_text("\n".join(registry), encoding="utf-8")
    (seeds / "entities").mkdir()
    entities = [
        _entity("Battle of Wuhan", "event"),
        *(_entity(p, "place") for p in PLACES),
        *(_entity(p, "country") for p in PARTIES),
        *(_entity(p, "person") for p in PEOPLE),
    ]
    (seeds / "entities" / "wuhan.toml").write_text("\n".join(entities), encoding="utf-8")
    (seeds / "facts").mkdir()
    facts = 'subject = "battle-of-wuhan"\n\n' + "\n".join((*CLAIMS, *extra_claims))
    (seeds / "facts" / "battle.toml").write_text(facts, encoding="utf-8")
    return target
