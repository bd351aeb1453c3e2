"""Judge the service against gold stories (docs/SCHEME.md) and show a developer what to fix.

The figures are those of the shared judge (`shared/eval/score.py`), defined the same way: gold
claims are aligned one-to-one with the service's claims by character overlap (IoU >= 0.5, greedily),
and claims, kinds, sources, hedges, cross-outlet matching, independence, stance and ordering are
scored on that alignment. On top, `evaluate` keeps the kind confusion matrix and the mistakes behind
each figure.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from google.protobuf.timestamp_pb2 import Timestamp

from sourcecheck import core
from sourcecheck.v1 import scoring_pb2 as pb

KINDS = (
    "NAMED_OFFICIAL",
    "NAMED_PERSON",
    "ORGANIZATION",
    "NEWS_OUTLET",
    "ANONYMOUS",
    "DOCUMENT",
    "UNATTRIBUTED",
)
NAMED_KINDS = ("NAMED_OFFICIAL", "NAMED_PERSON", "ORGANIZATION", "NEWS_OUTLET")
MIN_OVERLAP = 0.5
MIN_RELIABILITY_GAP = 2

Span = tuple[int, int]
ClaimKey = tuple[str, int]  # (article id, index of the gold claim)


class GoldError(ValueError):
    """A gold file that does not follow the scheme."""


class Service(Protocol):
    """What the judge needs of the service: the CLI's backend, in-process or over gRPC."""

    def ingest(self, article: pb.Article) -> pb.IngestArticleResponse: ...

    def score(self, article: pb.Article) -> pb.ScoreArticleResponse: ...


# ------------------------------------------------------------------------------------------ gold files


@dataclass(frozen=True)
class GoldClaim:
    text: str
    span: Span
    kind: str
    source: str  # the origin's name, chain[0].name; "" for an empty chain
    has_chain: bool
    hedged: bool
    cluster: str
    origin: str | None
    stance: str
    reliability: int | None


@dataclass(frozen=True)
class GoldArticle:
    story: str
    id: str
    outlet: str
    url: str
    title: str
    body: str
    published_at: str
    claims: tuple[GoldClaim, ...]

    def message(self) -> pb.Article:
        """The article as the shared judge sends it (a bare date is taken at noon UTC)."""
        article = pb.Article(id=self.id, outlet=self.outlet, url=self.url, title=self.title, body=self.body)
        published = self.published_at
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            published += "T12:00:00Z"
        if published:
            stamp = Timestamp()
            try:
                stamp.FromJsonString(published)
            except ValueError as error:
                raise GoldError(f"article {self.id}: bad published_at {self.published_at!r}") from error
            article.published_at.CopyFrom(stamp)
        return article


def _span_of(body: str, text: str, where: str) -> Span:
    start = body.find(text)
    if start < 0:
        raise GoldError(f"{where}: gold claim is not a substring of its body: {text[:80]!r}")
    return start, start + len(text)


def parse_story(data: Mapping[str, Any], where: str = "gold") -> list[GoldArticle]:
    """The articles of one gold story (a parsed gold file)."""
    try:
        story = str(data["story"])
        articles = []
        for raw in data["articles"]:
            body = str(raw["body"])
            claims = []
            for c in raw["claims"]:
                chain = c.get("chain") or []
                claims.append(
                    GoldClaim(
                        text=c["text"],
                        span=_span_of(body, c["text"], f"{where}: {raw['id']}"),
                        kind=str(c["kind"]),
                        source=str(chain[0].get("name", "")) if chain else "",
                        has_chain=bool(chain),
                        hedged=bool(c.get("hedged")),
                        cluster=str(c["cluster"]),
                        origin=c.get("origin") or None,
                        stance=str(c.get("stance", "supports")),
                        reliability=c.get("reliability"),
                    )
                )
            articles.append(
                GoldArticle(
                    story=story,
                    id=str(raw["id"]),
                    outlet=str(raw["outlet"]),
                    url=str(raw.get("url", "")),
                    title=str(raw.get("title", "")),
                    body=body,
                    published_at=str(raw.get("published_at") or ""),
                    claims=tuple(claims),
                )
            )
    except (KeyError, TypeError, AttributeError) as error:
        raise GoldError(
            f"{where}: not in the gold format (docs/SCHEME.md): missing or bad {error}"
        ) from error
    return articles


def load_gold(paths: Iterable[str | Path]) -> list[GoldArticle]:
    """Every article of every gold file, in file order."""
    articles: list[GoldArticle] = []
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise GoldError(f"{path}: {error}") from error
        if not isinstance(data, dict):
            raise GoldError(f"{path}: expected a JSON object with story and articles")
        articles.extend(parse_story(data, str(path)))
    return articles


# --------------------------------------------------------------------------------------------- metrics


def overlap(a: Span, b: Span) -> float:
    """Intersection over union of two character spans."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def align(gold: Sequence[Span], predicted: Sequence[Span]) -> dict[int, int]:
    """One-to-one map from gold index to predicted index, greedily by overlap (IoU >= 0.5)."""
    candidates = sorted(
        ((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)), reverse=True
    )
    mapping: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in candidates:
        if score < MIN_OVERLAP:
            break
        if i not in mapping and j not in used:
            mapping[i] = j
            used.add(j)
    return mapping


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def token_f1(gold: str, predicted: str) -> float:
    g, p = Counter(tokens(gold)), Counter(tokens(predicted))
    common = sum((g & p).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def kind_name(kind: int) -> str:
    """The scheme's name of a predicted kind, as the shared judge reads it from proto JSON."""
    if kind not in pb.SourceKind.values():
        return str(kind)  # an enum value this build does not know: proto JSON prints the number
    return pb.SourceKind.Name(kind).removeprefix("SOURCE_KIND_") or "UNSPECIFIED"


def claim_span(claim: pb.Claim, body: str) -> Span:
    """Where a predicted claim stands: its span, else where its text is found in the body."""
    if claim.span.end > claim.span.start:
        return claim.span.start, claim.span.end
    found = body.find(claim.text) if claim.text else -1
    return (found, found + len(claim.text)) if found >= 0 else (0, 0)


def match_span(match: pb.Match, bodies: Mapping[str, str]) -> Span | None:
    """Where a match points in its article: its span, else where its text stands there."""
    if match.span.end > match.span.start:
        return match.span.start, match.span.end
    body = bodies.get(match.article_id)
    if body is not None and match.text:
        found = body.find(match.text)
        if found >= 0:
            return found, found + len(match.text)
    return None


# ---------------------------------------------------------------------------------------------- result


@dataclass(frozen=True)
class Mistake:
    """One thing the service got wrong, worded for the developer who fixes it."""

    category: str
    article_id: str
    text: str
    detail: str
    weight: float = 0.0  # larger is worse, within a category
    group: str = ""  # what mistakes of one kind share, e.g. "ANONYMOUS→UNATTRIBUTED"


@dataclass
class Evaluation:
    """The shared judge's figures, the kind confusion matrix and the mistakes behind the figures."""

    figures: dict[str, Any]
    confusion: dict[str, Counter[str]] = field(default_factory=dict)
    mistakes: dict[str, list[Mistake]] = field(default_factory=dict)


MISTAKE_TITLES = {
    "kind": "Wrong kind of origin",
    "source": "Right kind, wrong source name",
    "missed_claim": "Missed claims (gold, not found)",
    "extra_claim": "Extra claims (found, not gold)",
    "hedged": "Wrong hedge",
    "false_match": "False matches",
    "missed_match": "Missed matches",
    "independence": "Wrong independence",
    "stance": "Wrong stance",
    "ordering": "Worst ordering inversions",
}


def _excerpt(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rules_of(article: GoldArticle) -> dict[Span, str]:
    """The attribution rule behind each claim, as this build reads the article (core.explain's
    rule ids), so a mistake names the rule to look at."""
    read = core.Article(id=article.id, outlet=article.outlet, body=article.body, title=article.title)
    return {(c.span.start, c.span.end): c.attribution.rule for c in core.extract(read)}


def evaluate(articles: Sequence[GoldArticle], service: Service) -> Evaluation:
    """Ingest every gold article, score each, and judge the answers as the shared judge does."""
    for article in articles:
        service.ingest(article.message())

    by_id: dict[str, GoldArticle] = {}
    for article in articles:
        by_id[article.id] = article  # a repeated id: the last one wins, as in the shared judge
    bodies = {article_id: a.body for article_id, a in by_id.items()}

    def gold_at(article_id: str, span: Span | None) -> int | None:
        """The gold claim of that article that a span points at (IoU >= 0.5), if any."""
        if article_id not in by_id or span is None:
            return None
        best_score, best = 0.0, None
        for i, claim in enumerate(by_id[article_id].claims):
            score = overlap(claim.span, span)
            if best is None or (score, i) > (best_score, best):
                best_score, best = score, i
        return best if best is not None and best_score >= MIN_OVERLAP else None

    mistakes: dict[str, list[Mistake]] = defaultdict(list)
    claim_counts: Counter[str] = Counter()
    kinds_gold: list[str] = []
    kinds_pred: list[str] = []
    source_f1s: list[float] = []
    hedge: Counter[str] = Counter()
    pair: Counter[str] = Counter()
    independence: Counter[str] = Counter()
    stance: Counter[str] = Counter()
    ordering: Counter[str] = Counter()
    points: list[tuple[int | None, float, ClaimKey]] = []
    links: dict[ClaimKey, dict[ClaimKey, tuple[bool, bool]]] = defaultdict(dict)
    predicted_claims: dict[ClaimKey, pb.Claim] = {}

    for article_id, article in by_id.items():
        response = service.score(article.message())
        predicted = list(response.claims)
        rules = _rules_of(article)
        mapping = align([c.span for c in article.claims], [claim_span(p, article.body) for p in predicted])
        claim_counts["tp"] += len(mapping)
        claim_counts["fn"] += len(article.claims) - len(mapping)
        claim_counts["fp"] += len(predicted) - len(mapping)
        for index, claim in enumerate(article.claims):
            if index not in mapping:
                mistakes["missed_claim"].append(
                    Mistake(
                        "missed_claim", article_id, claim.text, f"gold {claim.kind}", claim.reliability or 0
                    )
                )
        matched = set(mapping.values())
        for j, p in enumerate(predicted):
            if j not in matched:
                mistakes["extra_claim"].append(
                    Mistake("extra_claim", article_id, p.text, f"predicted {kind_name(p.attribution.kind)}")
                )
        for index, claim in enumerate(article.claims):
            if index not in mapping:
                continue
            p = predicted[mapping[index]]
            predicted_claims[(article_id, index)] = p
            a = p.attribution
            gold_kind, pred_kind = claim.kind, kind_name(a.kind)
            kinds_gold.append(gold_kind)
            kinds_pred.append(pred_kind)
            if gold_kind != pred_kind:
                mistakes["kind"].append(
                    Mistake(
                        "kind",
                        article_id,
                        claim.text,
                        f"gold {gold_kind} “{claim.source or '—'}” "
                        f"vs predicted {pred_kind} “{a.source or '—'}” "
                        f"[rule {rules.get(claim_span(p, article.body)) or 'none'}]",
                        group=f"{gold_kind}→{pred_kind}",
                    )
                )
            if claim.has_chain and gold_kind in NAMED_KINDS:
                f1 = token_f1(claim.source, a.source)
                source_f1s.append(f1)
                if f1 < 1.0 and gold_kind == pred_kind:
                    mistakes["source"].append(
                        Mistake(
                            "source",
                            article_id,
                            claim.text,
                            f"gold “{claim.source}” vs predicted “{a.source or '—'}” (token F1 {f1:.2f})",
                            1.0 - f1,
                        )
                    )
            g_hedge, p_hedge = claim.hedged, a.hedged
            hedge["tp" if g_hedge and p_hedge else "fp" if p_hedge else "fn" if g_hedge else "tn"] += 1
            if g_hedge != p_hedge:
                said = f"predicted hedges {list(a.hedges)}" if p_hedge else "gold hedged, none predicted"
                mistakes["hedged"].append(Mistake("hedged", article_id, claim.text, said))
            points.append((claim.reliability, float(p.score), (article_id, index)))
            for matches, contradicting in ((p.supporting, False), (p.contradicting, True)):
                for m in matches:
                    target = gold_at(m.article_id, match_span(m, bodies))
                    if target is None:
                        pair["fp"] += 1  # a link to something that is not a gold claim
                        mistakes["false_match"].append(
                            Mistake(
                                "false_match",
                                article_id,
                                claim.text,
                                f"linked to a non-gold sentence of {m.outlet}: “{_excerpt(m.text, 90)}”",
                                m.similarity,
                            )
                        )
                        continue
                    links[(article_id, index)][(m.article_id, target)] = (m.independent, contradicting)

    keys = [(article_id, i) for article_id, a in by_id.items() for i in range(len(a.claims))]
    for ka, kb in itertools.combinations(keys, 2):
        article_a, article_b = by_id[ka[0]], by_id[kb[0]]
        if article_a.outlet == article_b.outlet:
            continue
        claim_a, claim_b = article_a.claims[ka[1]], article_b.claims[kb[1]]
        same = article_a.story == article_b.story and claim_a.cluster == claim_b.cluster
        flags = links[ka].get(kb) or links[kb].get(ka)
        where = f"{article_a.outlet} ↔ {article_b.outlet}: “{_excerpt(claim_b.text, 90)}”"
        if same and flags:
            pair["tp"] += 1
            if claim_a.origin and claim_b.origin:
                truth = claim_a.origin != claim_b.origin
                independence["right" if flags[0] == truth else "wrong"] += 1
                if flags[0] != truth:
                    said = "independent" if flags[0] else "not independent"
                    mistakes["independence"].append(
                        Mistake(
                            "independence",
                            ka[0],
                            claim_a.text,
                            f"{where}; predicted {said}, gold origins {claim_a.origin} / {claim_b.origin}",
                        )
                    )
            truth_contra = claim_a.stance != claim_b.stance
            stance["right" if flags[1] == truth_contra else "wrong"] += 1
            if flags[1] != truth_contra:
                said = "contradicting" if flags[1] else "supporting"
                mistakes["stance"].append(
                    Mistake(
                        "stance",
                        ka[0],
                        claim_a.text,
                        f"{where}; predicted {said}, gold {claim_a.stance} / {claim_b.stance}",
                    )
                )
        elif same:
            pair["fn"] += 1
            mistakes["missed_match"].append(
                Mistake("missed_match", ka[0], claim_a.text, f"{where}; gold cluster {claim_a.cluster}")
            )
        elif flags:
            pair["fp"] += 1
            mistakes["false_match"].append(
                Mistake(
                    "false_match",
                    ka[0],
                    claim_a.text,
                    f"{where}; gold clusters {claim_a.cluster} / {claim_b.cluster}",
                    1.0,
                )
            )

    inversions: dict[ClaimKey, list[tuple[float, ClaimKey]]] = defaultdict(list)
    scores = {key: (reliability, score) for reliability, score, key in points}
    for (ra, sa, ka), (rb, sb, kb) in itertools.combinations(points, 2):
        if ra is None or rb is None or abs(ra - rb) < MIN_RELIABILITY_GAP:
            continue
        if sa == sb:
            ordering["tie"] += 1
        elif (ra > rb) == (sa > sb):
            ordering["right"] += 1
        else:
            ordering["wrong"] += 1
            gap = abs(ra - rb) + abs(sa - sb)
            inversions[ka].append((gap, kb))
            inversions[kb].append((gap, ka))
    for key, against in inversions.items():
        reliability, score = scores[key]
        gap, worst = max(against)
        other_reliability, other_score = scores[worst]
        worst_text = by_id[worst[0]].claims[worst[1]].text
        direction = (
            "too low" if reliability is not None and reliability > (other_reliability or 0) else "too high"
        )
        mistakes["ordering"].append(
            Mistake(
                "ordering",
                key[0],
                by_id[key[0]].claims[key[1]].text,
                f"reliability {reliability}, scored {score:.2f} ({direction}): out of order with "
                f"{len(against)} claim(s), worst [{worst[0]}] “{_excerpt(worst_text, 60)}” "
                f"(reliability {other_reliability}, scored {other_score:.2f})",
                len(against) + gap / 10,
            )
        )

    per_kind: dict[str, float] = {}
    for kind in KINDS:
        tp = sum(1 for g, p in zip(kinds_gold, kinds_pred, strict=True) if g == p == kind)
        fp = sum(1 for g, p in zip(kinds_gold, kinds_pred, strict=True) if p == kind and g != kind)
        fn = sum(1 for g, p in zip(kinds_gold, kinds_pred, strict=True) if g == kind and p != kind)
        if tp + fp + fn:
            per_kind[kind] = round(prf(tp, fp, fn)[2], 3)

    def share(counter: Counter[str]) -> float | None:
        total = counter["right"] + counter["wrong"]
        return round(counter["right"] / total, 3) if total else None

    right_kinds = sum(g == p for g, p in zip(kinds_gold, kinds_pred, strict=True))
    figures: dict[str, Any] = {
        "claims_p_r_f1": [
            round(x, 3) for x in prf(claim_counts["tp"], claim_counts["fp"], claim_counts["fn"])
        ],
        "kind_accuracy": round(right_kinds / len(kinds_gold), 3) if kinds_gold else 0.0,
        "kind_macro_f1": round(sum(per_kind.values()) / len(per_kind), 3) if per_kind else 0.0,
        "kind_f1": per_kind,
        "source_token_f1": round(sum(source_f1s) / len(source_f1s), 3) if source_f1s else 0.0,
        "hedged_p_r_f1": [round(x, 3) for x in prf(hedge["tp"], hedge["fp"], hedge["fn"])],
        "matching_p_r_f1": [round(x, 3) for x in prf(pair["tp"], pair["fp"], pair["fn"])],
        "independence_accuracy": share(independence),
        "stance_accuracy": share(stance),
        "ordering_accuracy": round(ordering["right"] / sum(ordering.values()), 3) if ordering else None,
        "counts": {
            "gold_claims": len(keys),
            "gold_pairs": pair["tp"] + pair["fn"],
            "independence_judged": independence["right"] + independence["wrong"],
            "ordered_pairs": sum(ordering.values()),
        },
    }
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for gold_kind, pred_kind in zip(kinds_gold, kinds_pred, strict=True):
        confusion[gold_kind][pred_kind] += 1
    groups = Counter(m.group for m in mistakes["kind"])
    mistakes["kind"] = [  # the most frequent confusions first
        dataclasses.replace(m, weight=groups[m.group]) for m in mistakes["kind"]
    ]
    for items in mistakes.values():
        items.sort(key=lambda m: -m.weight)  # stable: equal weights keep corpus order
    return Evaluation(figures, dict(confusion), dict(mistakes))


# ------------------------------------------------------------------------------------------- printing


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def summary_line(figures: Mapping[str, Any]) -> str:
    """The shared judge's one-line summary."""
    f = figures
    return (
        f"claims F1 {_fmt(f['claims_p_r_f1'][2])} | kind macro-F1 {_fmt(f['kind_macro_f1'])} | "
        f"source F1 {_fmt(f['source_token_f1'])} | hedged F1 {_fmt(f['hedged_p_r_f1'][2])} | "
        f"matching F1 {_fmt(f['matching_p_r_f1'][2])} | independence {_fmt(f['independence_accuracy'])} | "
        f"stance {_fmt(f['stance_accuracy'])} | ordering {_fmt(f['ordering_accuracy'])}"
    )


_ABBREV = {
    "NAMED_OFFICIAL": "OFFICIAL",
    "NAMED_PERSON": "PERSON",
    "ORGANIZATION": "ORG",
    "NEWS_OUTLET": "OUTLET",
    "ANONYMOUS": "ANON",
    "DOCUMENT": "DOC",
    "UNATTRIBUTED": "UNATTR",
    "UNSPECIFIED": "UNSPEC",
}


def confusion_table(confusion: Mapping[str, Counter[str]]) -> str:
    """Gold kinds down, predicted kinds across; the diagonal (in brackets) is right."""
    predicted: set[str] = set()
    for row in confusion.values():
        predicted.update(row)
    rows = [k for k in KINDS if k in confusion]
    cols = [k for k in (*KINDS, "UNSPECIFIED") if k in predicted]
    cols += sorted(predicted - set(cols))
    width = max([len(_ABBREV.get(c, c)) for c in cols] + [5]) + 2
    header = "gold \\ predicted"
    lines = [f"{header:<16}" + "".join(f"{_ABBREV.get(c, c):>{width}}" for c in cols) + f"{'recall':>8}"]
    for r in rows:
        total = sum(confusion[r].values())
        cells = []
        for c in cols:
            n = confusion[r][c]
            cells.append(f"[{n}]" if c == r else str(n) if n else ".")
        recall = confusion[r][r] / total if total else 0.0
        lines.append(f"{r:<16}" + "".join(f"{cell:>{width}}" for cell in cells) + f"{recall:>8.2f}")
    return "\n".join(lines)


def format_report(evaluation: Evaluation, limit: int = 8) -> str:
    """The figures (as the shared judge prints them), the confusion matrix, the worst mistakes, and last
    the one-line summary."""
    lines = [f"{name}: {value}" for name, value in evaluation.figures.items()]
    lines += ["", "kind confusion (rows gold, columns predicted):", confusion_table(evaluation.confusion)]
    if limit > 0:
        for category, title in MISTAKE_TITLES.items():
            items = evaluation.mistakes.get(category, [])
            if not items:
                continue
            lines += ["", f"{title}: {len(items)}" + (f" (worst {limit})" if len(items) > limit else "")]
            for m in items[:limit]:
                lines.append(f"  - [{m.article_id}] “{_excerpt(m.text)}”")
                lines.append(f"      {m.detail}")
    lines += ["", summary_line(evaluation.figures)]
    return "\n".join(lines)


def to_json(evaluation: Evaluation, limit: int = 8) -> dict[str, Any]:
    """The judge's figures, then `kind_confusion` and the worst `mistakes` by category."""
    data = dict(evaluation.figures)
    data["kind_confusion"] = {g: dict(sorted(row.items())) for g, row in evaluation.confusion.items()}
    data["mistakes"] = {
        category: [
            {"article_id": m.article_id, "text": m.text, "detail": m.detail} for m in items[: max(limit, 0)]
        ]
        for category, items in evaluation.mistakes.items()
    }
    return data
