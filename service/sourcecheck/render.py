"""The CLI's plain-text and JSON views of scores and readings."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from sourcecheck import core
from sourcecheck.v1 import scoring_pb2 as pb

_KIND_SHORT = {
    "SOURCE_KIND_NAMED_OFFICIAL": "official",
    "SOURCE_KIND_NAMED_PERSON": "person",
    "SOURCE_KIND_ORGANIZATION": "organization",
    "SOURCE_KIND_NEWS_OUTLET": "outlet",
    "SOURCE_KIND_ANONYMOUS": "anonymous",
    "SOURCE_KIND_DOCUMENT": "document",
    "SOURCE_KIND_UNATTRIBUTED": "unattributed",
    "SOURCE_KIND_UNSPECIFIED": "?",
}


def reading_json(reading: core.SentenceReading) -> dict[str, object]:
    a = reading.attribution
    return {
        "text": reading.text,
        "span": [reading.span.start, reading.span.end],
        "claim": reading.claim,
        "cues": [{"verb": c.verb, "speaker": c.speaker, "rule": c.rule} for c in reading.cues],
        "kind": a.kind.value,
        "source": a.source,
        "chain": [{"kind": s.kind.value, "name": s.name, "role": s.role} for s in a.chain],
        "hedges": list(a.hedges),
        "rule": a.rule,
    }


def render_explanation(readings: Sequence[core.SentenceReading]) -> str:
    """A plain-text trace an engineer reads top to bottom: one block per sentence."""
    lines: list[str] = []
    for n, reading in enumerate(readings, 1):
        a = reading.attribution
        lines.append(f"[{n}] {'claim' if reading.claim else 'not a claim'}: {reading.text}")
        for cue in reading.cues:
            lines.append(f"    cue {cue.verb!r} <- {cue.speaker!r} ({cue.rule})")
        chain = " <- ".join(f"{s.kind.value} {s.name!r}" for s in a.chain) or "UNATTRIBUTED"
        decided = f"  [rule {a.rule}]" if a.rule else ""
        hedges = f"  hedges: {', '.join(a.hedges)}" if a.hedges else ""
        lines.append(f"    => {chain}{decided}{hedges}")
    return "\n".join(lines)


def _match_label(claim: pb.Claim, match: pb.Match) -> str:
    """Independent, an echo of the claim's own origin, an outlet's own-voice report, or a sourced report
    beside a claim whose own origin is unknown."""
    if match.independent:
        return " (independent)"
    if match.kind in (pb.SOURCE_KIND_UNATTRIBUTED, pb.SOURCE_KIND_UNSPECIFIED):
        return " (own voice)"
    return " (echo)" if claim.attribution.origin_key else " (sourced)"


def render_table(article: pb.Article, response: pb.ScoreArticleResponse) -> str:
    """A report an editor can read in a terminal."""
    published = (
        f" · {article.published_at.ToDatetime().strftime('%Y-%m-%d %H:%M UTC')}"
        if article.HasField("published_at")
        else ""
    )
    lines = [f"{article.outlet} — {article.title or article.id}{published}"]
    if article.url:
        lines.append(article.url)
    lines += [
        f"{len(response.claims)} claims · policy {response.policy_version}"
        f" · extractor {response.extractor_version or 'unknown'}",
        "",
        f"{'#':>3}  {'lvl':>3}  {'score':>5}  {'attr':>4}  {'corr':>4}  {'orig':>4}  {'kind':<12}  "
        "source / matching outlets",
        "-" * 100,
    ]
    for number, claim in enumerate(response.claims, 1):
        a = claim.attribution
        kind = _KIND_SHORT.get(pb.SourceKind.Name(a.kind), "?")
        chain = " ← ".join(s.name for s in a.chain) or "—"
        hedge = f"  [hedged: {', '.join(a.hedges)}]" if a.hedged else ""
        lines.append(
            f"{number:>3}  {claim.level:>3}  {claim.score:5.2f}  {claim.attribution_strength:4.2f}  "
            f"{claim.corroboration:4.2f}  "
            f"{claim.independent_origins:>4}  {kind:<12}  {chain}{hedge}"
        )
        lines.extend("       " + row for row in textwrap.wrap(claim.text, 92))
        if claim.supporting:
            outlets = sorted({f"{m.outlet}{_match_label(claim, m)}" for m in claim.supporting})
            lines.append(f"       supported by: {', '.join(outlets)}")
        if claim.contradicting:
            lines.append(
                f"       contradicted by: {', '.join(sorted({m.outlet for m in claim.contradicting}))}"
            )
        lines.append("")
    return "\n".join(lines)
