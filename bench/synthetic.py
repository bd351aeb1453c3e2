"""Realistic synthetic news articles for scale and load benchmarks (seeded, reproducible).

Each article mixes sourcing patterns a feed carries: officials on the record, institutions,
anonymous sources relayed by outlets, documents, hedged rumours and plain narrative, over a
vocabulary of invented names, places and numbers, so the term index sees a realistic spread of
rare and common words.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from sourcecheck import core

FIRST = "Amina Bruno Carla Dmitri Elena Farid Grace Hugo Ines Jonas Keiko Liam Mara Nikos Olga Pavel".split()
LAST = (
    "Adeyemi Brandt Castillo Dubois Eriksen Fontaine Gallo Haddad Ivanova Jensen Kowalski Lindqvist".split()
)
ROLES = "spokesman minister mayor governor police chief prosecutor director senator ambassador".split()
ORGS = (
    "Ministry of Transport|Harbour Authority|National Weather Service|City Council|Coast Guard|Health Agency"
)
OUTLETS = (
    "Morning Ledger|Evening Courier|Daily Sentinel|Valley Gazette|Northern Dispatch|Metro Herald|Wire Service"
)
PLACES = (
    "Norvik Calden Ostrava Belmonte Kessling Marrow Dunhaven Tarsk Veloria Quenby Ashgrove Pellam".split()
)
EVENTS = (
    "a fire destroyed {n} homes in {p}",
    "{n} people were evacuated from {p} after the river burst its banks",
    "the bridge at {p} will close for {n} days of repairs",
    "{n} workers at the {p} plant were laid off on {d}",
    "a storm cut power to {n} households across {p}",
    "the {p} council approved a budget of {n} million",
    "police arrested {n} people after clashes in {p}",
    "{n} flights were cancelled at {p} airport on {d}",
    "the hospital in {p} treated {n} patients for smoke inhalation",
    "the train line between {p} and {q} reopened after {n} hours",
)
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _sentence(rng: random.Random) -> str:
    fact = rng.choice(EVENTS).format(
        n=rng.randint(2, 9000), p=rng.choice(PLACES), q=rng.choice(PLACES), d=rng.choice(DAYS)
    )
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    pattern = rng.randrange(7)
    if pattern == 0:
        return f"{fact[0].upper()}{fact[1:]}, {rng.choice(ROLES)} {person} said."
    if pattern == 1:
        return f"The {rng.choice(ORGS.split('|'))} said {fact}."
    if pattern == 2:
        return f"{fact[0].upper()}{fact[1:]}, two officials told the {rng.choice(OUTLETS.split('|'))}."
    if pattern == 3:
        return f"Documents seen by the {rng.choice(OUTLETS.split('|'))} show that {fact}."
    if pattern == 4:
        return f"It has been claimed that {fact}."
    if pattern == 5:
        return f'"{fact[0].upper()}{fact[1:]}," said {person}, a local resident.'
    return f"{fact[0].upper()}{fact[1:]}."


def articles(count: int, seed: int = 7, start: int = 1_700_000_000) -> Iterator[core.Article]:
    """`count` articles of about 30 claims each, from rotating outlets, a few minutes apart."""
    rng = random.Random(seed)
    outlets = OUTLETS.split("|")
    for index in range(count):
        body = "\n".join(" ".join(_sentence(rng) for _ in range(3)) for _ in range(10))
        yield core.Article(
            id=f"synthetic-{seed}-{index}",
            outlet=outlets[index % len(outlets)],
            body=body,
            title=f"Synthetic report {index}",
            published=start + index * 120,
        )
