#!/usr/bin/env bash
# Build the sourcecheck image with Debian's podman + runc and run it for real, with no container
# registry: the base image is a debootstrapped Debian bookworm (python3 + venv) imported into
# podman, and the Python wheels are built on this machine into deploy/wheelhouse/ so the image
# build runs with --network=none.
#
# Then: start the container, wait until its HEALTHCHECK passes, call grpc.health.v1 from the host,
# ingest the seed articles and score one over gRPC, stop it with SIGTERM (drain), clean up.
# Idempotent; exits non-zero on any failure. Run from anywhere, as root (rootful podman).
#
# Environment:
#   PORT=N             host port for 50051 (default: a free one on 127.0.0.1)
#   CACHE_DIR=DIR      where the base tarball is kept (default ~/.cache/sourcecheck-podman)
#   WHEELS=host        build wheels with the repo's .venv pip (default, offline image build), or
#   WHEELS=network     let the builder stage's pip reach the index (the host's CAs bind-mounted)
#   REBUILD_BASE=1     debootstrap the base again even if cached
#   NO_CACHE=1         build without podman's layer cache (to time a cold build)
#   KEEP=1             leave the container running at the end (remove it with: podman rm -f NAME)
#   MIRROR=URL         Debian mirror for debootstrap (default: the one in /etc/apt/sources.list*)
#   PG=1               then also run REPLICAS (default 2) containers on one throwaway PostgreSQL
#                      (tests/pg_cluster.sh, host network, loopback): start them at once (migrations
#                      under the advisory lock), ingest through the first, score through the last, and
#                      check the table equals the SQLite container's
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/sourcecheck-podman}
SUITE=bookworm
BASE_TAR=$CACHE_DIR/base-$SUITE.tar
BASE_IMAGE=localhost/sourcecheck-base:$SUITE
IMAGE=localhost/sourcecheck:dev
NAME=sourcecheck-dev
VOLUME=sourcecheck-dev-data
WHEELS=${WHEELS:-host}
PODMAN=(podman --runtime runc)
# podman's default rlimits (nofile 1048576) exceed what this VM lets runc set: ask for less.
ULIMITS=(--ulimit nofile=1024:20000 --ulimit nproc=1024:1024)
SEED=seeds/001_3100be0ccc3fa2db.txt
REPLICA_NAMES=()

say() { printf '\n=== %s\n' "$*"; }
die() { printf 'podman-run: %s\n' "$*" >&2; exit 1; }

cleanup() {
    local status=$?
    if [ "$status" -ne 0 ] && "${PODMAN[@]}" container exists "$NAME" 2>/dev/null; then
        printf '\n--- container logs (failure) ---\n' >&2
        "${PODMAN[@]}" logs --tail 50 "$NAME" >&2 || true
    fi
    if [ "${KEEP:-}" != 1 ] || [ "$status" -ne 0 ]; then
        "${PODMAN[@]}" rm --force --ignore --volumes --time 20 "$NAME" >/dev/null 2>&1 || true
        "${PODMAN[@]}" volume rm --force "$VOLUME" >/dev/null 2>&1 || true
    fi
    for replica in "${REPLICA_NAMES[@]}"; do
        if [ "$status" -ne 0 ]; then
            printf '\n--- %s logs (failure) ---\n' "$replica" >&2
            "${PODMAN[@]}" logs --tail 20 "$replica" >&2 2>/dev/null || true
        fi
        "${PODMAN[@]}" rm --force --ignore --volumes --time 20 "$replica" >/dev/null 2>&1 || true
    done
    [ -n "${PG_CLUSTER_DIR:-}" ] && bash "$ROOT/tests/pg_cluster.sh" stop "$PG_CLUSTER_DIR" >/dev/null 2>&1
    [ -n "${WORK:-}" ] && rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || die "run as root (rootful podman, debootstrap)"
[ -x "$VENV/bin/sourcecheck" ] || die "no $VENV/bin/sourcecheck: run 'make demo' (or pip install -e .) first"

# --- tools ------------------------------------------------------------------------------------
missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
fi
podman --version

# --- base image: debootstrap once, cache the tarball, import when missing ----------------------
mirror() {
    # The first Debian (not -security) mirror apt is configured with.
    local uri
    uri=$(awk '/^URIs:/ {u=$2} /^Suites:/ && u && $0 !~ /security/ {print u; exit}' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $0 !~ /security/ && $3 ~ /^(bookworm|stable)$/ {print $2; exit}' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
    printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

mkdir -p "$CACHE_DIR"
if [ "${REBUILD_BASE:-}" = 1 ] || [ ! -s "$BASE_TAR" ]; then
    MIRROR=${MIRROR:-$(mirror)}
    say "debootstrap $SUITE from $MIRROR (cached in $BASE_TAR)"
    WORK=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
    started=$SECONDS
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
        "$SUITE" "$WORK/rootfs" "$MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE_DIR/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE_DIR/debootstrap.log)"; }
    rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
    tar -C "$WORK/rootfs" -cf "$BASE_TAR.tmp" .
    mv "$BASE_TAR.tmp" "$BASE_TAR"
    rm -rf "$WORK"
    WORK=
    echo "debootstrap took $((SECONDS - started)) s; base tarball $(du -h "$BASE_TAR" | cut -f1)"
    "${PODMAN[@]}" image rm --force "$BASE_IMAGE" >/dev/null 2>&1 || true
fi
if ! "${PODMAN[@]}" image exists "$BASE_IMAGE"; then
    say "importing $BASE_TAR as $BASE_IMAGE"
    # An imported rootfs has no config: give it the PATH and locale a Debian image has.
    "${PODMAN[@]}" import --quiet \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        "$BASE_TAR" "$BASE_IMAGE" >/dev/null
fi
"${PODMAN[@]}" run --rm --network none "${ULIMITS[@]}" "$BASE_IMAGE" python3 -c 'import sys, venv; print("base:", sys.version.split()[0])'

# --- wheels ------------------------------------------------------------------------------------
build_opts=()
find "$ROOT/deploy/wheelhouse" -name '*.whl' -delete
if [ "$WHEELS" = host ]; then
    say "wheels for sourcecheck and its runtime dependencies -> deploy/wheelhouse (host pip)"
    base_py=$("${PODMAN[@]}" run --rm --network none "${ULIMITS[@]}" "$BASE_IMAGE" python3 -c 'import sys; print(sys.version_info[:2])')
    host_py=$("$VENV/bin/python" -c 'import sys; print(sys.version_info[:2])')
    [ "$base_py" = "$host_py" ] || die "host venv is Python $host_py, base is $base_py: use WHEELS=network"
    # From a clean copy of the sources: building in the work tree would leave a build/ there,
    # whose stale build/lib would leak deleted modules into later wheels. The image builds its own
    # sourcecheck wheel from the context; the dependencies' wheels and the build backend are
    # what it needs from here.
    WORK=$(mktemp -d "$CACHE_DIR/src.XXXXXX")
    cp "$ROOT/pyproject.toml" "$ROOT/README.md" "$WORK/"
    cp -r "$ROOT/service" "$WORK/service"
    find "$WORK/service" -name __pycache__ -prune -exec rm -rf {} +
    "$VENV/bin/pip" wheel --quiet --wheel-dir "$ROOT/deploy/wheelhouse" "$WORK" 'setuptools>=68' wheel \
        >"$CACHE_DIR/wheels.log" 2>&1 || { tail -20 "$CACHE_DIR/wheels.log" >&2; die "pip wheel failed"; }
    rm -rf "$WORK" "$ROOT"/deploy/wheelhouse/sourcecheck-*.whl
    WORK=
    find "$ROOT/deploy/wheelhouse" -name '*.whl' -printf '  %f\n' | sort
    build_opts+=(--network none)
elif [ "$WHEELS" = network ]; then
    # Debian's pip trusts /etc/ssl/certs: lend it this machine's CAs for the build only.
    build_opts+=(--volume /etc/ssl/certs:/etc/ssl/certs:ro)
else
    die "WHEELS must be host or network"
fi

# --- image ---------------------------------------------------------------------------------------
say "podman build $IMAGE (BASE=$BASE_IMAGE)"
started=$SECONDS
[ "${NO_CACHE:-}" = 1 ] && build_opts+=(--no-cache)
(cd "$ROOT" && "${PODMAN[@]}" build --pull=never --format docker "${build_opts[@]}" \
    "${ULIMITS[@]}" \
    --build-arg "BASE=$BASE_IMAGE" -f deploy/Dockerfile -t "$IMAGE" . >"$CACHE_DIR/build.log" 2>&1) \
    || { tail -40 "$CACHE_DIR/build.log" >&2; die "podman build failed (log: $CACHE_DIR/build.log)"; }
build_seconds=$((SECONDS - started))
grep -E '^(STEP|COMMIT|Successfully)' "$CACHE_DIR/build.log" | sed 's/^/  /' | tail -n 40
echo "podman build took ${build_seconds} s; image $("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
find "$ROOT/deploy/wheelhouse" -name '*.whl' -delete

# The image must hold this work tree's modules, no more, no fewer (a stale layer cache or a file
# the wheel leaves out would show here).
sums='import hashlib, pathlib, sys
root = pathlib.Path(sys.argv[1])
for f in sorted(root.rglob("*.py")):
    print(hashlib.sha256(f.read_bytes()).hexdigest()[:16], f.relative_to(root))'
"${PODMAN[@]}" run --rm --network none "${ULIMITS[@]}" --entrypoint python "$IMAGE" -c "$sums" \
    /opt/venv/lib/python3.11/site-packages/sourcecheck >"$CACHE_DIR/image.sums" 2>/dev/null
"$VENV/bin/python" -c "$sums" "$ROOT/service/sourcecheck" >"$CACHE_DIR/tree.sums"
diff "$CACHE_DIR/tree.sums" "$CACHE_DIR/image.sums" >&2 \
    || die "the image's sourcecheck modules differ from service/sourcecheck (< tree, > image)"
echo "image modules = work tree modules ($(wc -l <"$CACHE_DIR/tree.sums") files)"

# --- run -----------------------------------------------------------------------------------------
"${PODMAN[@]}" rm --force --ignore "$NAME" >/dev/null
"${PODMAN[@]}" volume rm --force "$VOLUME" >/dev/null 2>&1 || true
PORT=${PORT:-$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
say "podman run $NAME on 127.0.0.1:$PORT"
"${PODMAN[@]}" run -d --name "$NAME" \
    "${ULIMITS[@]}" \
    --read-only --cap-drop ALL --security-opt no-new-privileges \
    -v "$VOLUME:/data" \
    -p "127.0.0.1:$PORT:50051" \
    -e SOURCECHECK_ALLOW_OPEN=true \
    "$IMAGE" >/dev/null 2>"$CACHE_DIR/run.err" || { cat "$CACHE_DIR/run.err" >&2; die "podman run failed"; }
"${PODMAN[@]}" inspect --format 'user={{.Config.User}} cmd={{.Config.Entrypoint}} {{.Config.Cmd}} stopsignal={{.Config.StopSignal}}' "$NAME"

# (Without systemd, podman logs "unable to get systemd connection" for the health timer on run
# and stop: harmless, kept in $CACHE_DIR/run.err and stop.err.)
# No systemd timer here to run the HEALTHCHECK on its interval: run it until it passes (that
# also records the container's health status, as the timer would).
wait_healthy() {
    local _
    for _ in $(seq 1 60); do
        if "${PODMAN[@]}" healthcheck run "$1" >/dev/null 2>&1; then return 0; fi
        [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$1")" = true ] || die "$1 exited"
        sleep 1
    done
    die "$1 not healthy after 60 s"
}
wait_healthy "$NAME"
echo "container health: $("${PODMAN[@]}" inspect --format '{{.State.Health.Status}}' "$NAME" 2>/dev/null \
    || "${PODMAN[@]}" inspect --format '{{.State.Healthcheck.Status}}' "$NAME")"

say "grpc.health.v1 Check from the host"
"$VENV/bin/python" "$ROOT/deploy/healthcheck.py" "127.0.0.1:$PORT" ""
"$VENV/bin/python" "$ROOT/deploy/healthcheck.py" "127.0.0.1:$PORT" sourcecheck.v1.ScoringService

say "sourcecheck ingest seeds --server 127.0.0.1:$PORT"
(cd "$ROOT" && "$VENV/bin/sourcecheck" ingest seeds --server "127.0.0.1:$PORT")

say "sourcecheck score $SEED --server 127.0.0.1:$PORT"
(cd "$ROOT" && "$VENV/bin/sourcecheck" score "$SEED" --server "127.0.0.1:$PORT") | tee "$CACHE_DIR/score-sqlite.txt"

if [ "${KEEP:-}" = 1 ]; then
    say "left running: $NAME on 127.0.0.1:$PORT (podman rm -f $NAME; podman volume rm $VOLUME)"
    exit 0
fi

say "podman stop (SIGTERM: drain)"
"${PODMAN[@]}" stop --time 20 "$NAME" >/dev/null 2>"$CACHE_DIR/stop.err" || { cat "$CACHE_DIR/stop.err" >&2; die "podman stop failed"; }
code=$("${PODMAN[@]}" inspect --format '{{.State.ExitCode}}' "$NAME")
"${PODMAN[@]}" logs "$NAME" 2>&1 | grep -E '"event": ?"(draining|stopped)"' | sed 's/^/  /' || true
[ "$code" = 0 ] || die "container exited $code after SIGTERM"
echo "exit code after SIGTERM: $code"

# --- several replicas on one PostgreSQL --------------------------------------------------------
if [ "${PG:-}" = 1 ]; then
    REPLICAS=${REPLICAS:-2}
    say "PostgreSQL (tests/pg_cluster.sh) and $REPLICAS replicas sharing it"
    pg_env=$(bash "$ROOT/tests/pg_cluster.sh" start)
    eval "$pg_env"
    ports=()
    for i in $(seq 1 "$REPLICAS"); do
        name=$NAME-pg$i
        port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        REPLICA_NAMES+=("$name")
        ports+=("$port")
        "${PODMAN[@]}" rm --force --ignore --volumes "$name" >/dev/null
        # Host network and a loopback address: the cluster listens on 127.0.0.1 only. All start
        # at once, so the migrations race for the advisory lock.
        "${PODMAN[@]}" run -d --name "$name" --network host "${ULIMITS[@]}" \
            --read-only --cap-drop ALL --security-opt no-new-privileges \
            -e "SOURCECHECK_DB=$SOURCECHECK_TEST_POSTGRES_URL" \
            -e "SOURCECHECK_ADDRESS=127.0.0.1:$port" \
            -e SOURCECHECK_METRICS_ADDRESS=127.0.0.1:0 \
            "$IMAGE" --address "127.0.0.1:$port" >/dev/null 2>>"$CACHE_DIR/run.err" \
            || { cat "$CACHE_DIR/run.err" >&2; die "podman run $name failed"; }
    done
    for i in $(seq 1 "$REPLICAS"); do
        wait_healthy "$NAME-pg$i"
        "$VENV/bin/python" "$ROOT/deploy/healthcheck.py" "127.0.0.1:${ports[$((i - 1))]}"
    done
    first=127.0.0.1:${ports[0]}
    last=127.0.0.1:${ports[$((REPLICAS - 1))]}
    echo "ingest through $NAME-pg1 ($first):"
    (cd "$ROOT" && "$VENV/bin/sourcecheck" ingest seeds --server "$first")
    echo "score through $NAME-pg$REPLICAS ($last):"
    (cd "$ROOT" && "$VENV/bin/sourcecheck" score "$SEED" --server "$last") >"$CACHE_DIR/score-pg.txt"
    head -n 12 "$CACHE_DIR/score-pg.txt"
    echo "  ..."
    if diff -u "$CACHE_DIR/score-sqlite.txt" "$CACHE_DIR/score-pg.txt" >"$CACHE_DIR/score.diff"; then
        echo "scored table via PostgreSQL replica = scored table via the SQLite container"
    else
        head -40 "$CACHE_DIR/score.diff" >&2
        die "PostgreSQL and SQLite scores differ (full diff: $CACHE_DIR/score.diff)"
    fi
    for name in "${REPLICA_NAMES[@]}"; do
        "${PODMAN[@]}" stop --time 20 "$name" >/dev/null 2>>"$CACHE_DIR/stop.err"
        echo "$name exit code after SIGTERM: $("${PODMAN[@]}" inspect --format '{{.State.ExitCode}}' "$name")"
    done
fi
say "ok"
