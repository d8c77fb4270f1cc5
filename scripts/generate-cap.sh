#!/usr/bin/env bash
# Regenerates Sources/CAP/Generated/*.pb.swift from CAP's .proto files (cordum.agent.v1).
#
#   CAP_PROTO_DIR     a checkout of cordum-io/cap (the folder holding proto/cordum/agent/v1/)
#   PROTOC_GEN_SWIFT  the protoc-gen-swift binary of swift-protobuf 1.39.0, built with
#                     `swift build -c release --product protoc-gen-swift` in a clone of apple/swift-protobuf
#   CAP_REV           optional, the CAP commit named in the headers (default: HEAD of CAP_PROTO_DIR)
#   PROTOC            optional, default `protoc` (Debian: apt-get install -y protobuf-compiler libprotobuf-dev)
#
# The .proto files are only read; nothing of the CAP repository is copied into this one.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${CAP_PROTO_DIR:?set CAP_PROTO_DIR to a checkout of cordum-io/cap}"
: "${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the protoc-gen-swift binary (swift-protobuf 1.39.0)}"
PROTOC="${PROTOC:-protoc}"
command -v "$PROTOC" >/dev/null || { echo "error: protoc not found; apt-get install -y protobuf-compiler libprotobuf-dev" >&2; exit 1; }
test -x "$PROTOC_GEN_SWIFT" || { echo "error: PROTOC_GEN_SWIFT=$PROTOC_GEN_SWIFT is not executable" >&2; exit 1; }

proto_root="$CAP_PROTO_DIR/proto"
files=(alert buspacket heartbeat job safety)
for f in "${files[@]}"; do
    test -f "$proto_root/cordum/agent/v1/$f.proto" || { echo "error: $proto_root/cordum/agent/v1/$f.proto is missing" >&2; exit 1; }
done

out=Sources/CAP/Generated
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(
    cd "$proto_root"
    "$PROTOC" -I . --plugin=protoc-gen-swift="$PROTOC_GEN_SWIFT" \
        --swift_opt=Visibility=Public --swift_opt=UseAccessLevelOnImports=true --swift_opt=FileNaming=DropPath \
        --swift_out="$tmp" $(printf 'cordum/agent/v1/%s.proto ' "${files[@]}")
)

cap_rev="${CAP_REV:-$(git -C "$CAP_PROTO_DIR" rev-parse HEAD 2>/dev/null || echo unknown)}"
protoc_version=$("$PROTOC" --version)
plugin_version=$("$PROTOC_GEN_SWIFT" --version 2>&1 | head -1)

rm -f "$out"/*.pb.swift
mkdir -p "$out"
for f in "${files[@]}"; do
    {
        echo "// swift-format-ignore-file"
        echo "// GENERATED CODE - DO NOT EDIT. Regenerate with scripts/generate-cap.sh."
        echo "// Generator: $plugin_version with $protoc_version, options Visibility=Public, UseAccessLevelOnImports=true."
        echo "// Input: cordum-io/cap proto/cordum/agent/v1/$f.proto at $cap_rev (Apache-2.0)."
        echo "// Command (from \$CAP_PROTO_DIR/proto): protoc -I . --plugin=protoc-gen-swift=\$PROTOC_GEN_SWIFT"
        echo "//   --swift_opt=Visibility=Public --swift_opt=UseAccessLevelOnImports=true --swift_opt=FileNaming=DropPath"
        echo "//   --swift_out=<out> cordum/agent/v1/{alert,buspacket,heartbeat,job,safety}.proto"
        echo
        cat "$tmp/$f.pb.swift"
    } >"$out/$f.pb.swift"
done
echo "wrote ${#files[@]} files to $out"
