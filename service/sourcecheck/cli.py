"""The `sourcecheck` command: serve, ingest, score, report and eval (against a server or in-process),
reextract (on a store)."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from functools import partial
from importlib import metadata
from pathlib import Path

import grpc
from google.protobuf import json_format
from pydantic import ValidationError
from tqdm import tqdm

from sourcecheck import convert, core, serve_flags
from sourcecheck.articles import ArticleFileError, Defaults, expand, from_text, given, read_file
from sourcecheck.backend import Backend, BackendError
from sourcecheck.engine import (
    REEXTRACT_BATCH,
    PolicyError,
    load_policy,
    reextract,
    stale_versions,
    version_name,
)
from sourcecheck.evaluate import GoldError
from sourcecheck.render import reading_json, render_explanation, render_table
from sourcecheck.store import StoreError, open_store
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.web.feeds import Follower, looks_like_feed
from sourcecheck.web.fetch import Fetcher, FetchError
from sourcecheck.web.inputs import describe, fetch_article, is_url, report_name
from sourcecheck.web.page import PageError, article_from_html


def _defaults(args: argparse.Namespace) -> Defaults:
    return Defaults(
        outlet=args.outlet, id=args.id, published=args.published, title=args.title, language=args.language
    )


def _fetcher(args: argparse.Namespace) -> Fetcher:
    return Fetcher(allow_private=getattr(args, "allow_private", False), delay=getattr(args, "delay", 1.0))


def _load(args: argparse.Namespace, spec: str) -> pb.Article:
    """The article a command names: a page's URL, or a file (.json, .txt, .html)."""
    if is_url(spec):
        with _fetcher(args) as fetcher:
            article = convert.article_to_pb(fetch_article(spec, given(_defaults(args)), fetcher))
    elif spec == "-":
        article = convert.article_to_pb(from_text(sys.stdin.read(), _defaults(args), "stdin"))
    else:
        article = convert.article_to_pb(read_file(Path(spec), _defaults(args)))
    _check(article, Path(spec))
    return article


def _follower(args: argparse.Namespace, backend: Backend, fetcher: Fetcher) -> Follower:
    """Feeds into the backend's corpus: an item is known when the corpus holds its article."""
    return Follower(
        fetcher,
        lambda key: backend.get(key) is not None,
        partial(_ingest_counted, backend),
        given(_defaults(args)),
    )


def _ingest_counted(backend: Backend, article: core.Article) -> int:
    """Ingest one article; a refusal by the server is a ValueError, to skip the item it came from."""
    try:
        return backend.ingest(convert.article_to_pb(article)).claim_count
    except grpc.RpcError as error:
        raise ValueError(f"{error.code().name}: {error.details()}") from error


def _check(article: pb.Article, path: Path) -> None:
    missing = [name for name in ("id", "outlet", "body") if not getattr(article, name).strip()]
    if missing:
        raise ArticleFileError(f"{path}: missing {', '.join(missing)} (give --outlet/--id for plain text)")


def cmd_ingest(args: argparse.Namespace) -> int:
    """Files and folders, pages' URLs, and feeds' URLs (each new item once)."""
    urls = [spec for spec in args.files if is_url(spec)]
    files = list(expand([spec for spec in args.files if not is_url(spec)]))
    backend = Backend(args)
    articles = claims = 0
    try:

        def read_all() -> Iterator[pb.Article]:
            for path in tqdm(files, unit="article", disable=len(files) < 2 or not sys.stderr.isatty()):
                article = convert.article_to_pb(read_file(path, _defaults(args)))
                _check(article, path)
                yield article

        articles, claims = backend.ingest_many(read_all())
        with _fetcher(args) as fetcher:
            follower = _follower(args, backend, fetcher)
            for url in urls:
                page = fetcher.get(url)
                if looks_like_feed(page.content, page.content_type):
                    poll = follower.take(url, page)
                    print("\n".join(describe(poll)))
                    articles += len(poll.ingested)
                    claims += sum(n for _, n in poll.ingested)
                else:
                    claims += _ingest_counted(
                        backend, article_from_html(page.content, page.url, given(_defaults(args)))
                    )
                    articles += 1
        print(f"ingested {articles} article(s), {claims} claim(s)")
    finally:
        backend.close()
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Poll feeds every --every until SIGINT or SIGTERM, ingesting each new item once."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        print(f"sourcecheck: {signal.Signals(signum).name}: stopping after the current item", file=sys.stderr)
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    backend = Backend(args)
    try:
        with _fetcher(args) as fetcher:
            follower = _follower(args, backend, fetcher)
            follower.follow(
                args.feeds, args.every, stop, lambda poll: print("\n".join(describe(poll)), flush=True)
            )
    finally:
        backend.close()
    return 0


def _duration(text: str) -> float:
    """Seconds from "90", "90s", "5m" or "1h"."""
    units = {"s": 1, "m": 60, "h": 3600}
    try:
        value = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a duration: {text} (e.g. 90s, 5m, 1h)") from error
    if value <= 0:
        raise argparse.ArgumentTypeError(f"not a positive duration: {text}")
    return value


def cmd_score(args: argparse.Namespace) -> int:
    article = _load(args, args.file)
    backend = Backend(args)
    view = pb.SCORE_VIEW_CLAIM_REVIEW if args.claim_review else pb.SCORE_VIEW_UNSPECIFIED
    try:
        response = backend.score(article, view)
    finally:
        backend.close()
    if args.claim_review:
        print(json.dumps(json.loads(response.json_ld), indent=2, ensure_ascii=False))
    elif args.json:
        print(
            json_format.MessageToJson(
                response, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
            )
        )
    else:
        print(render_table(article, response))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Per sentence: claim or not, the cues found, and the rule that decided kind and source."""
    readings = core.explain(convert.article_from_pb(_load(args, args.file)))
    if args.json:
        print(json.dumps([reading_json(r) for r in readings], indent=2, ensure_ascii=False))
    else:
        print(render_explanation(readings))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from sourcecheck import report

    article = _load(args, args.file)
    backend = Backend(args)
    try:
        response = backend.score(article)
        related: dict[str, pb.ScoreArticleResponse] = {}
        matched = {m.article_id for c in response.claims for m in (*c.supporting, *c.contradicting)}
        for article_id in sorted(matched - {article.id}):
            other = backend.get(article_id)  # to draw which origin each matching claim traces to
            if other is not None:
                related[article_id] = backend.score(other)
    finally:
        backend.close()
    default = report_name(args.file) if is_url(args.file) else f"{Path(args.file).stem}.report.html"
    page = report.render(article, response, related)
    if args.output == "-":
        sys.stdout.write(page)
        return 0
    output = Path(args.output) if args.output else Path(default)
    output.write_text(page, encoding="utf-8")
    print(f"wrote {output} ({len(response.claims)} claims)")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from sourcecheck import evaluate

    articles = evaluate.load_gold(args.gold)
    with tempfile.TemporaryDirectory(prefix="sourcecheck-eval-") as scratch:
        if not args.server:
            args.db = args.db or str(Path(scratch) / "eval.db")  # a fresh store unless --db is given
        backend = Backend(args)
        try:
            result = evaluate.evaluate(articles, backend)
        finally:
            backend.close()
    if args.json:
        print(json.dumps(evaluate.to_json(result, args.mistakes), indent=2, ensure_ascii=False))
    else:
        print(evaluate.format_report(result, args.mistakes))
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        versions = store.extractor_versions()
        todo = sum(versions.values()) if args.all else sum(stale_versions(store).values())
        before = ", ".join(f"{version_name(v)}: {n}" for v, n in sorted(versions.items())) or "none"
        print(f"extractor {core.EXTRACTOR_VERSION}; stored articles by extractor version: {before}")
        with tqdm(total=todo, unit="article", disable=todo < 2 or not sys.stderr.isatty()) as bar:
            done = reextract(store, every=args.all, batch=args.batch, progress=bar.update)
    finally:
        store.close()
    skipped = f"; {done.skipped} replaced or deleted meanwhile, left as they are" if done.skipped else ""
    print(
        f"re-extracted {done.article_count} article(s), {done.claim_count} claim(s) "
        f"with extractor {core.EXTRACTOR_VERSION}{skipped}"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sourcecheck import logs

    settings = serve_flags.settings_from_flags(args)
    logs.configure(settings.log_level)
    if settings.processes > 1:
        # Imported first, so that the metrics library reads its multiprocess setting in every process.
        from sourcecheck.server.processes import serve_processes

        return serve_processes(settings)
    from sourcecheck.server.app import serve

    serve(settings)
    return 0


def cmd_hash_key(args: argparse.Namespace) -> int:
    from sourcecheck.server.auth import hash_key

    key = secrets.token_urlsafe(32)
    entry = {"name": args.name, "sha256": hash_key(key), "scopes": args.scopes.split(",")}
    print(f"API key (give it to the client; it is not stored): {key}")
    print(f"SOURCECHECK_API_KEYS='{json.dumps([entry])}'")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text}")
    return value


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", help="HOST:PORT of a running server (default: in-process on --db)")
    parser.add_argument(
        "--db", default="sourcecheck.db", help="SQLite file or postgresql:// URL (in-process)"
    )
    parser.add_argument("--policy", help="scoring policy TOML (in-process)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per call to --server")
    parser.add_argument("--api-key", default=os.environ.get("SOURCECHECK_API_KEY"), help="key for --server")
    _add_tls_options(parser)
    _add_article_options(parser)
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="follow links found in feeds to loopback and private addresses (a typed URL always is)",
    )
    parser.add_argument(
        "--delay", type=float, default=1.0, help="seconds between two requests to one host (default 1)"
    )


def _add_tls_options(parser: argparse.ArgumentParser) -> None:
    """For every command that takes --server; the API key stays in SOURCECHECK_API_KEY or --api-key."""
    parser.add_argument("--tls", action="store_true", help="call --server over TLS (system CA roots)")
    parser.add_argument(
        "--ca-cert", metavar="FILE", help="call --server over TLS, trusting this CA bundle (PEM)"
    )


def _add_article_options(parser: argparse.ArgumentParser) -> None:
    """What a file or page does not say about itself; given, it wins over what a page says."""
    parser.add_argument("--outlet", default="", help="the outlet (plain text; a page names its site)")
    parser.add_argument("--id", default="", help="article id (default: the file's name, or the page's URL)")
    parser.add_argument("--published", default="", help="publication time (RFC 3339)")
    parser.add_argument("--title", default="", help="headline")
    parser.add_argument("--language", default="", help="BCP-47 tag (default: the page's, or identified)")


class _Version(argparse.Action):
    """--version: the package, the extraction rules and the default policy, worked out when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the versions and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        try:
            package = metadata.version("sourcecheck")
        except metadata.PackageNotFoundError:
            package = "unknown"
        versions = f"extractor {core.EXTRACTOR_VERSION}, default policy {load_policy().version}"
        print(f"sourcecheck {package} ({versions})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sourcecheck", description="Source-reliability scoring for news claims."
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve",
        help="run the gRPC server",
        description="Run the gRPC server.",
        epilog=serve_flags.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve_flags.add_settings_flags(serve)
    serve.set_defaults(run=cmd_serve)

    hashkey = commands.add_parser("hash-key", help="make an API key and the digest to configure for it")
    hashkey.add_argument("--name", default="newsroom", help="a name for the key in logs")
    hashkey.add_argument("--scopes", default="score,ingest", help="comma-separated: score, ingest")
    hashkey.set_defaults(run=cmd_hash_key)

    ingest = commands.add_parser("ingest", help="add articles to the corroboration corpus")
    ingest.add_argument(
        "files", nargs="+", help="article files (.json, .txt, .html), folders of them, pages' or feeds' URLs"
    )
    _add_source_options(ingest)
    ingest.set_defaults(run=cmd_ingest)

    watch = commands.add_parser("watch", help="follow RSS/Atom feeds into the corpus until stopped")
    watch.add_argument("feeds", nargs="+", help="feed URLs")
    watch.add_argument("--every", type=_duration, default=300.0, help="time between polls: 90s, 5m, 1h (5m)")
    _add_source_options(watch)
    watch.set_defaults(run=cmd_watch)

    score = commands.add_parser("score", help="score one article against the corpus")
    score.add_argument("file", help="article file (.json, .txt, .html), a page's http(s) URL, or - for stdin")
    score.add_argument("--json", action="store_true", help="print the response as proto JSON")
    score.add_argument(
        "--claim-review",
        action="store_true",
        help="print the claims as schema.org ClaimReview JSON-LD (docs/claimreview.md)",
    )
    _add_source_options(score)
    score.set_defaults(run=cmd_score)

    why = commands.add_parser(
        "explain", help="per sentence: the cues found and the rule that decided kind and source"
    )
    why.add_argument("file", help="article file (.json, .txt, .html), a page's http(s) URL, or - for stdin")
    why.add_argument("--json", action="store_true", help="print the readings as JSON")
    _add_article_options(why)
    why.set_defaults(run=cmd_explain)

    report = commands.add_parser("report", help="write a self-contained HTML sourcing report of one article")
    report.add_argument(
        "file", help="article file (.json, .txt, .html), a page's http(s) URL, or - for stdin"
    )
    report.add_argument(
        "-o",
        "--output",
        help="HTML file to write, - for standard output (default: FILE's name + .report.html)",
    )
    _add_source_options(report)
    report.set_defaults(run=cmd_report)

    again = commands.add_parser(
        "reextract",
        help="extract the claims of stored articles again with this build's rules (those another "
        "extractor version read, or --all)",
    )
    again.add_argument("--db", required=True, help="SQLite file or postgresql:// URL")
    again.add_argument("--all", action="store_true", help="every stored article, whatever read it")
    again.add_argument(
        "--batch", type=_positive, default=REEXTRACT_BATCH, metavar="N", help="articles per transaction"
    )
    again.set_defaults(run=cmd_reextract)

    evaluation = commands.add_parser(
        "eval", help="judge the service against gold stories (docs/SCHEME.md), as shared/eval/score.py does"
    )
    evaluation.add_argument("gold", nargs="+", help="gold story files (JSON)")
    evaluation.add_argument(
        "--server", help="HOST:PORT of a running server to judge (default: in-process on a fresh store)"
    )
    evaluation.add_argument("--db", help="in-process store to use instead of a fresh temporary SQLite file")
    evaluation.add_argument("--policy", help="scoring policy TOML (in-process)")
    evaluation.add_argument("--timeout", type=float, default=60.0, help="seconds per call to --server")
    evaluation.add_argument(
        "--api-key", default=os.environ.get("SOURCECHECK_API_KEY"), help="key for --server"
    )
    _add_tls_options(evaluation)
    evaluation.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluation.add_argument(
        "--mistakes", type=int, default=8, metavar="N", help="worst mistakes to list per category (0: none)"
    )
    evaluation.set_defaults(run=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (
        ArticleFileError,
        BackendError,
        GoldError,
        PolicyError,
        StoreError,
        ValidationError,
        OSError,
        FetchError,
        PageError,
    ) as error:
        print(f"sourcecheck: {error}", file=sys.stderr)
        return 2
    except grpc.RpcError as error:
        print(f"sourcecheck: {error.code().name}: {error.details()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
