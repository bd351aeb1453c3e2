#!/usr/bin/env bash
# Builds the HTTP/JSON gateway (gateway/main.go + code that Debian's grpc-gateway generates from
# the google.api.http annotations of proto/) into OUT_DIR (default .gateway/). Everything comes
# from Debian's packages, in GOPATH mode, with no network:
#
#   apt-get install golang-go protobuf-compiler libprotobuf-dev protoc-gen-go-1-3 \
#       golang-grpc-gateway golang-github-grpc-ecosystem-grpc-gateway-dev \
#       golang-google-protobuf-dev golang-google-genproto-dev golang-google-grpc-dev
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-.gateway}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

package=sourcecheck.dev/gateway
mapping="Msourcecheck/v1/scoring.proto=$package/scoringpb"
mkdir -p "$work/gen" "$work/src/$package/scoringpb" "$out"
protoc -I proto -I third_party/googleapis -I /usr/include \
    --go_out="plugins=grpc,$mapping:$work/gen" \
    --grpc-gateway_out="logtostderr=true,$mapping:$work/gen" \
    proto/sourcecheck/v1/scoring.proto
find "$work/gen" -name '*.go' -exec cp {} "$work/src/$package/scoringpb/" \;
cp gateway/main.go "$work/src/$package/"
(
    cd "$work/src/$package"
    GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="$work/cache" GOFLAGS='' \
        go build -trimpath -o "$out/sourcecheck-gateway" .
)
echo "built $out/sourcecheck-gateway"
