"""One self-contained HTML page that shows an editor how an article is sourced.

`render(article, response)` returns the page: the article body with every claim highlighted by score
on a stepped viridis scale (colour-blind safe, and ordered by lightness, so it survives grey-scale
printing), sources and hedges marked, a panel with the selected claim's chain, scores, reasons and
matching claims elsewhere, a graph of which outlets trace to which origins, and a summary bar. No
external assets: CSS, script and SVG are inline, and a Content-Security-Policy forbids fetching
anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sourcecheck.claimreview import MatchRelation, kind_name, relation, sourcing_label
from sourcecheck.v1 import scoring_pb2 as pb

# Stepped viridis: five bands of score, dark (weak) to light (strong).
PALETTE: tuple[tuple[str, str, str], ...] = (
    # (solid, tint for highlighted text, text colour on solid)
    ("#440154", "#e6dcee", "#ffffff"),
    ("#3b528b", "#dbe1ef", "#ffffff"),
    ("#21918c", "#d3ecea", "#ffffff"),
    ("#5ec962", "#dcf3dc", "#10240f"),
    ("#fde725", "#fdf6c2", "#2b2600"),
)
BAND_LABELS = ("0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1")

KIND_WORDS = {
    "NAMED_OFFICIAL": "named official",
    "NAMED_PERSON": "named person",
    "ORGANIZATION": "institution",
    "NEWS_OUTLET": "another outlet",
    "ANONYMOUS": "anonymous",
    "DOCUMENT": "document / data",
    "UNATTRIBUTED": "own voice (no source)",
    "UNSPECIFIED": "unknown",
}
# Okabe–Ito, a categorical palette safe for colour-blind readers; every use also carries text.
KIND_COLOURS = {
    "NAMED_OFFICIAL": "#0072b2",
    "NAMED_PERSON": "#56b4e9",
    "ORGANIZATION": "#009e73",
    "NEWS_OUTLET": "#cc79a7",
    "ANONYMOUS": "#d55e00",
    "DOCUMENT": "#e69f00",
    "UNATTRIBUTED": "#8c8c8c",
    "UNSPECIFIED": "#cccccc",
}
KIND_ORDER = tuple(KIND_WORDS)


def band(score: float) -> int:
    """The palette band of a score in [0, 1]."""
    return min(len(PALETTE) - 1, max(0, int(score * len(PALETTE))))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _date(stamp: int | None) -> str:
    if stamp is None:
        return "date unknown"
    moment = datetime.fromtimestamp(stamp, UTC)
    return f"{moment.day} {moment:%b %Y}"


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------------------------------ body text


@dataclass(frozen=True)
class _Decor:
    start: int
    end: int
    css: str
    title: str


def _decorations(body: str, claims: Sequence[pb.Claim]) -> list[_Decor]:
    """Source mentions (from the chain spans) and hedges (found in their claim's sentence)."""
    found: dict[tuple[int, int, str], _Decor] = {}
    for claim in claims:
        for source in claim.attribution.chain:
            if source.HasField("span") and 0 <= source.span.start < source.span.end <= len(body):
                words = KIND_WORDS[kind_name(source.kind)]
                title = f"Source: {source.name} ({words}{', ' + source.role if source.role else ''})"
                key = (source.span.start, source.span.end, "src")
                found.setdefault(key, _Decor(source.span.start, source.span.end, "src", title))
        start, end = _claim_range(body, claim)
        sentence = body[start:end].lower()
        for hedge in claim.attribution.hedges:
            at = sentence.find(hedge.lower()) if hedge else -1
            if at >= 0:
                key = (start + at, start + at + len(hedge), "hedge")
                found.setdefault(key, _Decor(key[0], key[1], "hedge", f"Hedge: “{hedge}”"))
    return sorted(found.values(), key=lambda d: (d.start, d.end))


def _claim_range(body: str, claim: pb.Claim) -> tuple[int, int]:
    start, end = claim.span.start, claim.span.end
    if end <= start:
        at = body.find(claim.text) if claim.text else -1
        start, end = (at, at + len(claim.text)) if at >= 0 else (0, 0)
    return max(0, min(start, len(body))), max(0, min(end, len(body)))


def _decorate(body: str, start: int, end: int, decor: Sequence[_Decor]) -> str:
    """body[start:end] as HTML, with the source and hedge marks that fall inside it."""
    inside = [d for d in decor if d.start < end and d.end > start]
    cuts = sorted({start, end, *(max(start, d.start) for d in inside), *(min(end, d.end) for d in inside)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        text = _e(body[a:b])
        active = [d for d in inside if d.start <= a and d.end >= b]
        if active:
            classes = " ".join(sorted({d.css for d in active}))
            title = "; ".join(dict.fromkeys(d.title for d in active))
            out.append(f'<span class="{classes}" title="{_e(title)}">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def _body_html(article: pb.Article, claims: Sequence[pb.Claim]) -> str:
    body = article.body
    decor = _decorations(body, claims)
    order = sorted(range(len(claims)), key=lambda i: _claim_range(body, claims[i]))
    out: list[str] = []
    cursor = 0
    for index in order:
        claim = claims[index]
        start, end = _claim_range(body, claim)
        start = max(start, cursor)  # overlapping spans: the earlier claim keeps the overlap
        end = max(end, start)
        out.append(_decorate(body, cursor, start, decor))
        number = index + 1
        b = band(claim.score)
        kind = KIND_WORDS[kind_name(claim.attribution.kind)]
        label = f"Claim {number}, score {claim.score:.2f}, {kind}"
        out.append(
            f'<mark class="claim b{b}" id="m-{number}" data-claim="{number}" tabindex="0" role="button" '
            f'aria-pressed="false" aria-controls="detail-{number}">'
            f'<span class="sr">{_e(label)}: </span>'
            f'<span class="badge" aria-hidden="true">{number}<b>{claim.score:.2f}</b></span>'
            f"{_decorate(body, start, end, decor)}</mark>"
        )
        cursor = end
    out.append(_decorate(body, cursor, len(body), decor))
    return "".join(out).lstrip("\n")  # a leading blank line is layout, not text


# ---------------------------------------------------------------------------------------- claim panel


def _chain_html(article: pb.Article, claim: pb.Claim) -> str:
    links = []
    for source in claim.attribution.chain:
        kind = kind_name(source.kind)
        detail = KIND_WORDS[kind] + (f" · {source.role}" if source.role else "")
        if source.count > 1:
            detail += f" · {source.count} of them"
        links.append(
            f'<li class="link k-{kind}"><span class="name">{_e(source.name or "—")}</span>'
            f'<span class="what">{_e(detail)}</span></li>'
        )
    if not links:
        links.append(
            '<li class="link k-UNATTRIBUTED"><span class="name">no source given</span>'
            '<span class="what">the outlet asserts it</span></li>'
        )
    links.append(
        f'<li class="link outlet"><span class="name">{_e(article.outlet)}</span>'
        '<span class="what">this outlet</span></li>'
    )
    return '<ol class="chain" aria-label="Attribution chain, origin first">' + "".join(links) + "</ol>"


def _meter(label: str, value: float, hint: str) -> str:
    pct = max(0.0, min(1.0, value)) * 100
    return (
        f'<div class="meter"><span class="mlabel">{_e(label)}</span>'
        f'<span class="track" title="{_e(hint)}"><span class="fill b{band(value)}" style="width:{pct:.0f}%">'
        f'</span></span><span class="mvalue">{value:.2f}</span></div>'
    )


RELATION_NOTES = {
    MatchRelation.INDEPENDENT: "a different, known origin: counts as corroboration",
    MatchRelation.ECHO: "traces to the same origin: adds nothing",
    MatchRelation.OWN_VOICE: "no source given there: may be independent, may be copied",
    MatchRelation.UNKNOWN: "sourced there, but this claim's own origin is unknown",
}


def _matches_html(claim: pb.Claim) -> str:
    rows: list[tuple[int, str]] = []
    for stance, matches in (("supports", claim.supporting), ("contradicts", claim.contradicting)):
        for match in matches:
            rel = relation(claim, match)
            when = match.published_at.seconds if match.HasField("published_at") else None
            rel_class = rel.replace(" ", "-")
            rows.append(
                (
                    when or 0,
                    f'<li class="match {stance}"><div class="mhead"><strong>{_e(match.outlet)}</strong>'
                    f'<span class="date">{_e(_date(when))}</span>'
                    f'<span class="chip rel-{rel_class}" title="{_e(RELATION_NOTES[rel])}">{_e(rel)}</span>'
                    f'<span class="chip stance-{stance}">{stance}</span>'
                    f'<span class="sim" title="similarity">≈{match.similarity:.2f}</span></div>'
                    f"<blockquote>{_e(match.text)}</blockquote>"
                    f'<div class="mkind">{_e(KIND_WORDS[kind_name(match.kind)])}</div></li>',
                )
            )
    if not rows:
        return '<p class="none">No other outlet in the corpus reports this claim.</p>'
    rows.sort(key=lambda row: row[0])
    return '<ul class="matches">' + "".join(row for _, row in rows) + "</ul>"


def _detail_html(article: pb.Article, claim: pb.Claim, number: int) -> str:
    a = claim.attribution
    kind = kind_name(a.kind)
    hedges = (
        "".join(f'<span class="chip hedge-chip">{_e(h)}</span>' for h in a.hedges)
        if a.hedged
        else '<span class="none">none</span>'
    )
    reasons = "".join(f"<li>{_e(r)}</li>" for r in claim.reasons)
    b = band(claim.score)
    return f"""
<section class="detail" id="detail-{number}" data-claim="{number}" aria-labelledby="dh-{number}">
  <header class="dhead">
    <span class="scorebox b{b}">{claim.score:.2f}</span>
    <div><h3 id="dh-{number}">Claim {number} <small>{_e(claim.id)}</small></h3>
    <p class="verdict">{_e(sourcing_label(claim.score))} ·
    <span class="kindtag k-{kind}">{_e(KIND_WORDS[kind])}</span></p></div>
  </header>
  <blockquote class="ctext">{_e(claim.text)}</blockquote>
  <h4>Chain</h4>
  {_chain_html(article, claim)}
  <h4>Hedges</h4><p>{hedges}</p>
  <h4>Scores</h4>
  <p class="pscores">attribution {claim.attribution_strength:.2f} · corroboration {claim.corroboration:.2f} ·
  score {claim.score:.2f} · level {claim.level} of 5 · {claim.independent_origins} independent origin(s)</p>
  {_meter("attribution", claim.attribution_strength, "how well the article itself sources it")}
  {_meter("corroboration", claim.corroboration, "what independent reports elsewhere add")}
  {_meter("score", claim.score, "overall")}
  <p class="origins">{claim.independent_origins} independent origin(s) known</p>
  <h4>Why</h4><ul class="reasons">{reasons}</ul>
  <h4>Elsewhere ({len(claim.supporting) + len(claim.contradicting)})</h4>
  {_matches_html(claim)}
</section>"""


# -------------------------------------------------------------------------------------- origins graph


@dataclass
class _Graph:
    outlets: list[str] = field(default_factory=list)
    origin_names: dict[str, str] = field(default_factory=dict)
    edges: Counter[tuple[str, str]] = field(default_factory=Counter)

    def origin(self, key: str, name: str) -> None:
        self.origin_names.setdefault(key, name or key)

    def link(self, outlet: str, key: str) -> None:
        if outlet not in self.outlets:
            self.outlets.append(outlet)
        self.edges[(outlet, key)] += 1


OWN_VOICE_KEY = "(own voice)"


def _origin_label(attribution: pb.Attribution) -> str:
    """The origin as an editor knows it: unnamed sources by whoever relays them ("a source via Hollis")."""
    chain = attribution.chain
    if not attribution.origin_key:
        return "no source given"
    if len(chain) > 1 and chain[0].kind == pb.SOURCE_KIND_ANONYMOUS:
        return f"{chain[0].name} via {chain[-1].name}"
    return attribution.source or attribution.origin_key


def story_graph(
    article: pb.Article,
    response: pb.ScoreArticleResponse,
    related: Mapping[str, pb.ScoreArticleResponse] | None = None,
) -> _Graph:
    """Which outlet's claims trace to which origin, for this article and the claims matching it.

    A matching claim's origin is read from `related` (the other article scored, by article id) when
    given; otherwise an echo is known to share this claim's origin, an own-voice report has none, and
    anything else is left out.
    """
    related = related or {}
    lookup: dict[tuple[str, str], pb.Claim] = {
        (article_id, c.id): c for article_id, scored in related.items() for c in scored.claims
    }
    graph = _Graph(outlets=[article.outlet])
    for claim in response.claims:
        a = claim.attribution
        key = a.origin_key or (OWN_VOICE_KEY if a.kind == pb.SOURCE_KIND_UNATTRIBUTED else "")
        if key:
            graph.origin(key, _origin_label(a))
            graph.link(article.outlet, key)
        for match in list(claim.supporting) + list(claim.contradicting):
            other = lookup.get((match.article_id, match.claim_id))
            if other is not None:
                oa = other.attribution
                other_key = oa.origin_key or (OWN_VOICE_KEY if oa.kind == pb.SOURCE_KIND_UNATTRIBUTED else "")
                name = _origin_label(oa)
            elif relation(claim, match) == MatchRelation.ECHO:
                other_key, name = a.origin_key, _origin_label(a)
            elif relation(claim, match) == MatchRelation.OWN_VOICE:
                other_key, name = OWN_VOICE_KEY, "no source given"
            else:
                continue
            if other_key:
                graph.origin(other_key, name)
                graph.link(match.outlet, other_key)
    return graph


def _graph_svg(graph: _Graph, own_outlet: str) -> str:
    outlets_per_origin: dict[str, set[str]] = defaultdict(set)
    for outlet, key in graph.edges:
        outlets_per_origin[key].add(outlet)
    origins = sorted(
        graph.origin_names,
        key=lambda k: (k == OWN_VOICE_KEY, -len(outlets_per_origin[k]), graph.origin_names[k].lower()),
    )
    outlets = [own_outlet, *sorted(o for o in graph.outlets if o != own_outlet)]
    row, top, box_h = 30, 34, 22
    left_x, left_w, right_x, right_w, width = 4, 140, 206, 230, 440
    height = top + row * max(len(outlets), len(origins), 1) + 6
    oy = {o: top + i * row for i, o in enumerate(outlets)}
    ry = {k: top + i * row for i, k in enumerate(origins)}
    parts = [
        f'<svg class="graph" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="graph-title graph-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="graph-title">Outlets and the origins their claims trace to</title>',
        f'<desc id="graph-desc">{len(outlets)} outlets, {len(origins)} origins. '
        "An origin reached from several outlets is one source repeated, not independent confirmation.</desc>",
        f'<text x="{left_x}" y="14" class="gh">Outlets</text>',
        f'<text x="{right_x}" y="14" class="gh">Origins (first source)</text>',
    ]
    for (outlet, key), count in sorted(graph.edges.items()):
        y1, y2 = oy[outlet] + box_h / 2, ry[key] + box_h / 2
        x1, x2 = left_x + left_w, right_x
        mid = (x1 + x2) / 2
        shared = len(outlets_per_origin[key]) > 1 and key != OWN_VOICE_KEY
        css = "edge own" if key == OWN_VOICE_KEY else ("edge shared" if shared else "edge")
        parts.append(
            f'<path class="{css}" d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}" '
            f'stroke-width="{min(1 + count, 6)}"><title>{_e(outlet)} → '
            f"{_e(graph.origin_names[key])}: {count} claim(s)</title></path>"
        )
    for outlet in outlets:
        css = "node outlet self" if outlet == own_outlet else "node outlet"
        parts.append(
            f'<g class="{css}"><rect x="{left_x}" y="{oy[outlet]}" width="{left_w}" height="{box_h}" rx="4"/>'
            f'<text x="{left_x + 8}" y="{oy[outlet] + 15}">{_e(_short(outlet, 21))}</text>'
            f"<title>{_e(outlet)}</title></g>"
        )
    for key in origins:
        many = len(outlets_per_origin[key])
        css = (
            "node origin own"
            if key == OWN_VOICE_KEY
            else ("node origin shared" if many > 1 else "node origin")
        )
        label = _short(graph.origin_names[key], 28 if many > 1 else 33)
        suffix = f" ×{many}" if many > 1 and key != OWN_VOICE_KEY else ""
        parts.append(
            f'<g class="{css}"><rect x="{right_x}" y="{ry[key]}" width="{right_w}" height="{box_h}" rx="11"/>'
            f'<text x="{right_x + 10}" y="{ry[key] + 15}">{_e(label)}'
            f'<tspan class="many">{suffix}</tspan></text>'
            f"<title>{_e(graph.origin_names[key])} ({_e(key)}): reported by {many} outlet(s)</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


# -------------------------------------------------------------------------------------------- summary


def _stat(value: str, label: str) -> str:
    return f'<div class="stat"><span class="big">{value}</span><span>{label}</span></div>'


def _summary_html(claims: Sequence[pb.Claim]) -> str:
    total = len(claims)
    kinds = Counter(kind_name(c.attribution.kind) for c in claims)
    anonymous = kinds["ANONYMOUS"]
    hedged = sum(1 for c in claims if c.attribution.hedged)
    weak = sum(1 for c in claims if c.score < 0.35)
    segments, legend = [], []
    for kind in KIND_ORDER:
        count = kinds[kind]
        if not count:
            continue
        words = KIND_WORDS[kind]
        segments.append(
            f'<span class="seg k-{kind}" style="flex:{count}" title="{_e(words)}: {count}">'
            f"{count if count * 30 >= total else ''}</span>"
        )
        legend.append(f'<li><span class="sw k-{kind}"></span>{_e(words)} <b>{count}</b></li>')
    return f"""
<section class="summary" aria-label="Summary">
  <div class="stats">
    {_stat(str(total), "claims")}
    {_stat(_pct(anonymous, total), "rest on anonymous sources")}
    {_stat(_pct(hedged, total), "hedged by the outlet")}
    {_stat(_pct(weak, total), "weakly sourced (score &lt; 0.35)")}
  </div>
  <div class="kinds">
    <div class="kindbar" role="img" aria-label="Claims by kind of origin">{"".join(segments)}</div>
    <ul class="kindlegend">{"".join(legend)}</ul>
  </div>
</section>"""


def _legend_html() -> str:
    swatches = "".join(
        f'<li><span class="sw b{i}"></span>{label}</li>' for i, label in enumerate(BAND_LABELS)
    )
    return f"""
<div class="legend" aria-label="Legend">
  <div><span class="ltitle">Score</span><ul class="scale">{swatches}</ul></div>
  <div class="marks"><span class="src">source named</span> <span class="hedge">hedge</span>
  <span class="hint">Select a claim (click, or Tab and Enter; j / k step through).</span></div>
</div>"""


# ------------------------------------------------------------------------------------------- the page


def _css() -> str:
    bands = "\n".join(
        f".b{i}{{--solid:{solid};--tint:{tint};--on:{on}}}" for i, (solid, tint, on) in enumerate(PALETTE)
    )
    kinds = "\n".join(f".k-{k}{{--kind:{c}}}" for k, c in KIND_COLOURS.items())
    return bands + "\n" + kinds + "\n" + _STYLE


_STYLE = """
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;font-family:"DejaVu Sans",Verdana,system-ui,sans-serif;color:#1d1d1f;background:#f4f3ef;
  line-height:1.5}
.top{padding:18px 28px 8px;background:#fff;border-bottom:1px solid #ddd}
.eyebrow{margin:0;font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:#5b5b5b}
h1{margin:.2rem 0 .3rem;font:700 1.45rem/1.25 "DejaVu Serif",Georgia,serif;max-width:70rem}
.meta{margin:0 0 6px;color:#444;font-size:.9rem}
.meta a{color:#1a4f8b}
.summary{display:flex;flex-wrap:wrap;gap:14px 28px;align-items:center;padding:12px 28px;background:#fff;
  border-bottom:1px solid #ddd}
.stats{display:flex;gap:22px}
.stat{display:flex;flex-direction:column;min-width:6.5rem}
.stat .big{font-size:1.45rem;font-weight:700;line-height:1.1}
.stat span:last-child{font-size:.8rem;color:#444}
.kinds{flex:1;min-width:300px}
.kindbar{display:flex;height:20px;border-radius:4px;overflow:hidden;border:1px solid #bbb}
.seg{background:var(--kind);color:#fff;font-size:.75rem;font-weight:700;text-align:center;line-height:18px;
  text-shadow:0 0 2px #000}
.kindlegend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 14px;font-size:.8rem}
.kindlegend li{display:flex;align-items:center;gap:5px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;background:var(--kind,var(--solid));
  border:1px solid rgba(0,0,0,.25)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 470px;gap:22px;padding:18px 28px;align-items:start}
.body{background:#fff;padding:20px 26px;border:1px solid #ddd;border-radius:6px;white-space:pre-wrap;
  font:1rem/1.95 "DejaVu Serif",Georgia,serif;max-width:48rem}
mark.claim{background:var(--tint);color:inherit;border-bottom:3px solid var(--solid);padding:1px 1px;
  cursor:pointer;border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.claim:hover{background:color-mix(in srgb,var(--tint) 70%,var(--solid))}
mark.claim:focus{outline:2px dashed #000;outline-offset:2px}
mark.claim[aria-pressed=true]{outline:3px solid #111;outline-offset:2px;background:#fff}
.badge{display:inline-block;font:700 .68rem/1.35 "DejaVu Sans",Verdana,sans-serif;background:var(--solid);
  color:var(--on);border-radius:3px;padding:0 4px;margin-right:4px;vertical-align:.12em;white-space:nowrap}
.badge b{font-weight:400;margin-left:4px;opacity:.9}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.src{font-weight:700;border-bottom:2px dotted #222;text-decoration:none}
.hedge{font-style:italic;text-decoration:underline wavy #b8004f;text-decoration-thickness:1.5px;
  text-underline-offset:3px}
.panel{position:sticky;top:10px;display:flex;flex-direction:column;gap:14px;max-height:calc(100vh - 20px);
  overflow:auto}
figure{margin:0}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px}
.legend{display:flex;flex-direction:column;gap:6px;font-size:.82rem}
.ltitle{font-weight:700;margin-right:8px}
.scale{display:inline-flex;list-style:none;margin:0;padding:0;gap:8px;flex-wrap:wrap}
.scale li{display:flex;align-items:center;gap:4px}
.hint{color:#555;display:block;margin-top:2px}
.detail{display:none}
.detail.active,.no-js .detail{display:block}
.dhead{display:flex;gap:12px;align-items:center}
.scorebox{background:var(--solid);color:var(--on);font-weight:700;font-size:1.3rem;padding:6px 10px;
  border-radius:6px}
.dhead h3{margin:0;font-size:1.05rem}
.dhead small{color:#666;font-weight:400}
.verdict{margin:2px 0 0;font-size:.88rem}
.kindtag{border-left:10px solid var(--kind);padding-left:5px}
.ctext{margin:10px 0;padding:6px 10px;border-left:3px solid #888;background:#faf9f6;
  font:.95rem/1.45 "DejaVu Serif",Georgia,serif}
h4{margin:12px 0 4px;font-size:.78rem;letter-spacing:.06em;text-transform:uppercase;color:#555}
.chain{list-style:none;display:flex;flex-wrap:wrap;align-items:stretch;gap:4px 0;margin:0;padding:0}
.chain .link{display:flex;flex-direction:column;border:1px solid #bbb;border-left:6px solid var(--kind,#333);
  border-radius:4px;padding:2px 8px;font-size:.85rem;max-width:100%}
.chain .link+.link{margin-left:22px;position:relative}
.chain .link+.link::before{content:"→";position:absolute;left:-18px;top:30%;font-weight:700}
.chain .outlet{border-left-color:#111;background:#f1f1f1}
.chain .name{font-weight:700}
.chain .what{font-size:.75rem;color:#444}
.chip{display:inline-block;font-size:.74rem;border-radius:10px;padding:0 7px;border:1px solid #666;
  margin-left:6px;white-space:nowrap}
.hedge-chip{margin:0 6px 0 0;font-style:italic;border-color:#b8004f}
.rel-independent{background:#0b5d1e;color:#fff;border-color:#0b5d1e}
.rel-echo{background:#fff;border:1px solid #111;font-weight:700}
.rel-own-voice,.rel-origin-unknown{border-style:dashed}
.stance-contradicts{background:#b8004f;color:#fff;border-color:#b8004f}
.meter{display:grid;grid-template-columns:7.5rem 1fr 2.6rem;align-items:center;gap:8px;font-size:.85rem}
.track{height:10px;background:#ececec;border-radius:5px;overflow:hidden;border:1px solid #ccc}
.fill{display:block;height:100%;background:var(--solid)}
.mvalue{text-align:right;font-variant-numeric:tabular-nums}
.origins{margin:4px 0 0;font-size:.82rem;color:#444}
.pscores{display:none}
.reasons{margin:0;padding-left:18px;font-size:.86rem}
.matches{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.match{border:1px solid #ddd;border-radius:5px;padding:6px 8px;font-size:.85rem}
.match.contradicts{border-left:4px solid #b8004f}
.mhead{display:flex;flex-wrap:wrap;align-items:center;gap:2px}
.mhead .date{margin-left:8px;color:#555}
.sim{margin-left:auto;color:#555;font-size:.75rem}
.match blockquote{margin:4px 0 2px;font:.85rem/1.4 "DejaVu Serif",Georgia,serif}
.mkind{font-size:.72rem;color:#555}
.none{color:#666;font-size:.85rem}
.graph{display:block;font:11px "DejaVu Sans",Verdana,sans-serif}
.graph .gh{font-weight:700;fill:#444}
.graph rect{fill:#fff;stroke:#777}
.graph .self rect{fill:#1d1d1f;stroke:#1d1d1f}
.graph .self text{fill:#fff;font-weight:700}
.graph .shared rect{fill:#fde4d6;stroke:#d55e00;stroke-width:2}
.graph .own rect{stroke-dasharray:4 3;fill:#f4f4f4}
.graph .many{font-weight:700;fill:#a03c00}
.graph .edge{fill:none;stroke:#9aa3ad;opacity:.85}
.graph .edge.shared{stroke:#d55e00}
.graph .edge.own{stroke-dasharray:4 3;stroke:#bbb}
.gnote{font-size:.78rem;color:#444;margin:6px 0 0}
h2{font-size:.95rem;margin:0 0 8px}
footer{padding:6px 28px 18px;color:#666;font-size:.78rem}
@media (max-width:1100px){.layout{grid-template-columns:1fr}.panel{position:static;max-height:none}}
@media print{
  @page{margin:14mm}
  html{font-size:10.5pt}
  body{background:#fff}
  .layout{display:block;padding:0}
  .panel{display:block;position:static;max-height:none;overflow:visible}
  .panel>.card{margin-top:10px}
  svg.graph{max-width:150mm}
  .body{border:0;padding:0;max-width:none}
  mark.claim,.badge,.scorebox,.fill,.sw,.seg,.rel-independent,.stance-contradicts{
    -webkit-print-color-adjust:exact;print-color-adjust:exact}
  mark.claim[aria-pressed=true]{outline:0;background:var(--tint)}
  .hint{display:none}
  .detail{display:block;border-top:1px solid #bbb;padding-top:6px;margin-top:8px;font-size:.9rem}
  .dhead,h4{break-after:avoid}
  .match,.chain,.reasons li{break-inside:avoid}
  .ctext,.meter,.origins{display:none}
  .pscores{display:block;margin:0}
  .scorebox{font-size:1rem;padding:3px 7px}
  h4{margin:6px 0 2px}
  .card{border:0;padding:0}
  .details-card::before{content:"All claims";display:block;font-weight:700;font-size:1.1rem;margin-top:10px}
  .top,.summary{padding-left:0;padding-right:0}
}
"""

_SCRIPT = """
(function () {
  document.documentElement.classList.remove("no-js");
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.claim"));
  var current = null;
  function select(number, scroll) {
    var detail = document.getElementById("detail-" + number);
    var mark = document.getElementById("m-" + number);
    if (!detail || !mark) { return; }
    document.querySelectorAll(".detail.active").forEach(function (d) { d.classList.remove("active"); });
    marks.forEach(function (m) { m.setAttribute("aria-pressed", "false"); });
    detail.classList.add("active");
    mark.setAttribute("aria-pressed", "true");
    current = marks.indexOf(mark);
    if (scroll) { mark.scrollIntoView({block: "center"}); mark.focus({preventScroll: true}); }
    if (history.replaceState) { history.replaceState(null, "", "#claim-" + number); }
  }
  marks.forEach(function (mark) {
    mark.addEventListener("click", function () { select(mark.dataset.claim, false); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(mark.dataset.claim, false);
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !marks.length) { return; }
    if (event.key === "j" || event.key === "k") {
      var step = event.key === "j" ? 1 : -1;
      var next = current === null ? 0 : (current + step + marks.length) % marks.length;
      select(marks[next].dataset.claim, true);
    }
  });
  var wanted = /^#claim-(\\d+)$/.exec(location.hash);
  if (marks.length) { select(wanted ? wanted[1] : marks[0].dataset.claim, false); }
})();
"""

# The page's one script is allowed by its hash, not by 'unsafe-inline': nothing else can run, not even
# a link an article's URL turned into.
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
_CSP = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def render(
    article: pb.Article,
    response: pb.ScoreArticleResponse,
    related: Mapping[str, pb.ScoreArticleResponse] | None = None,
) -> str:
    """The report page. `related` maps other article ids to their scores, for the origins graph."""
    claims = list(response.claims)
    published = article.published_at.seconds if article.HasField("published_at") else None
    title = article.title or article.id
    url = ""
    if article.url:  # only a web address becomes a link; anything else (javascript:, data:) stays text
        linkable = urlsplit(article.url).scheme.lower() in ("http", "https")
        url = f' · <a href="{_e(article.url)}">{_e(article.url)}</a>' if linkable else f" · {_e(article.url)}"
    versions = f"policy {_e(response.policy_version)}"
    if response.extractor_version:
        versions += f" · extractor {_e(response.extractor_version)}"
    details = "".join(_detail_html(article, claim, i) for i, claim in enumerate(claims, 1))
    if not claims:
        details = '<p class="none">No check-worthy claims were found.</p>'
    graph = story_graph(article, response, related)
    return f"""<!doctype html>
<html lang="{_e(article.language or "en")}" class="no-js">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sourcecheck ({versions})">
<title>Sourcing report: {_e(article.outlet)} — {_e(title)}</title>
<style>{_css()}</style>
</head>
<body>
<header class="top">
  <p class="eyebrow">Sourcing report · {_e(article.outlet)} · policy {_e(response.policy_version)}</p>
  <h1>{_e(title)}</h1>
  <p class="meta">{_e(article.outlet)} · {_e(_date(published))} · id {_e(article.id)}{url}</p>
</header>
{_summary_html(claims)}
<main class="layout">
  <article class="body" aria-label="Article text, claims highlighted">{_body_html(article, claims)}</article>
  <aside class="panel" aria-label="Claim details">
    <div class="card">{_legend_html()}</div>
    <div class="card details-card" aria-live="polite">{details}</div>
    <figure class="card" aria-label="Origins graph">
      <h2>Who traces to whom</h2>
      {_graph_svg(graph, article.outlet)}
      <figcaption class="gnote">Each line: claims of an outlet (left) resting on an origin (right); thicker,
      more claims. An origin marked ×N is reached from N outlets: one source repeated, not N
      confirmations.</figcaption>
    </figure>
  </aside>
</main>
<footer>sourcecheck · scores rate the sourcing as written and its corroboration, not the truth of a claim ·
{versions}</footer>
<script>{_SCRIPT}</script>
</body>
</html>
"""
