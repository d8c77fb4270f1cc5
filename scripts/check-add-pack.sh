#!/usr/bin/env bash
# Shows that adding a pack is one folder and one table entry: copies the package (sources, Package.swift,
# Package.resolved; never .build) into a temporary directory, adds a throwaway pack `zz-probe` there — its folder
# from `packctl new` plus a worker library — and one entry in the copy's pack table, then checks that every target
# of the pack is generated (worker library, cordum-zz-probe, its test target, the dependencies of packctl and of the
# conformance suite) and builds the new worker library with `swift build --target ZzProbeWorker`.
#
#   PACKCTL      the packctl binary to scaffold with (default: .build/debug/packctl; build it first)
#   KEEP_COPY=1  leave the temporary copy in place (its path is printed)
#   FULL=1       also build packctl in the copy and show the new pack in `packctl dev --list-packs`
#
# Needs the package's dependencies in SwiftPM's cache (a `swift build` of this repository ran before); it makes no
# network access beyond what `swift build` would. Exit 0 when the pack was generated and built; 77 when the copy
# cannot resolve its dependencies offline (skipped); 1 otherwise. It takes a few minutes (the copy builds
# WorkerKit and its dependencies from scratch), so it is a script, not a test (docs/authoring.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
packctl="${PACKCTL:-$root/.build/debug/packctl}"
test -x "$packctl" || { echo "error: $packctl not found; run swift build first (or set PACKCTL)" >&2; exit 1; }

copy=$(mktemp -d "${TMPDIR:-/tmp}/cordum-add-pack.XXXXXX")
if [ "${KEEP_COPY:-0}" != 1 ]; then trap 'rm -rf "$copy"' EXIT; fi
echo "copy: $copy"
tar -C "$root" --exclude=./.build --exclude='./.build-*' --exclude=./.git --exclude=./public --exclude=./.cordum \
    -cf - . | tar -C "$copy" -xf -

id=zz-probe
name=ZzProbe
# 1. The folder: the pack assets from packctl new, a worker library and its executable.
"$packctl" new "$id" --dir "$copy/packs/$id" >/dev/null
mkdir -p "$copy/packs/$id/Sources/${name}Worker" "$copy/packs/$id/Sources/cordum-$id" "$copy/packs/$id/Tests/${name}WorkerTests"
cat >"$copy/packs/$id/Sources/${name}Worker/${name}Worker.swift" <<SWIFT
public import WorkerKit

/// The throwaway pack's handlers.
public enum ${name}Worker {
    /// A worker that echoes its input.
    public static func make() -> Worker {
        var worker = Worker(packID: "$id")
        worker.handle("job.$id.echo") { _, input in input }
        return worker
    }

    /// packctl's built-in registration.
    public static let registration = WorkerRegistration(packID: "$id") { _ in make() }
}
SWIFT
cat >"$copy/packs/$id/Sources/cordum-$id/main.swift" <<SWIFT
import Foundation
import ${name}Worker
import WorkerKit

let configuration = try WorkerConfiguration(packID: "$id", environment: ProcessInfo.processInfo.environment)
try await ${name}Worker.make().run(configuration: configuration)
SWIFT
cat >"$copy/packs/$id/Tests/${name}WorkerTests/${name}WorkerTests.swift" <<SWIFT
import ${name}Worker
import Testing

@Test func servesItsTopic() {
    #expect(${name}Worker.make().topics.contains("job.$id.echo"))
}
SWIFT

# 2. The one table entry.
python3 - "$copy/Package.swift" "$id" "$name" <<'PY'
import sys
path, id, name = sys.argv[1:]
text = open(path).read()
anchor = "let packs: [Pack] = [\n"
assert anchor in text, "Package.swift has no pack table"
text = text.replace(anchor, anchor + f'    Pack(id: "{id}", name: "{name}"),\n', 1)
open(path, "w").write(text)
PY
echo "added: packs/$id/ and one line in Package.swift:"
grep -n "Pack(id: \"$id\"" "$copy/Package.swift"

cd "$copy"
if ! swift package resolve >"$copy/resolve.log" 2>&1; then
    echo "skipped: the copy cannot resolve its dependencies offline (see $copy/resolve.log)" >&2
    exit 77
fi
# 3. Every target of the pack is generated from the entry.
description=$(swift package describe --type json)
for target in "${name}Worker" "cordum-$id" "${name}WorkerTests"; do
    grep -q "\"name\" : \"$target\"" <<<"$description" || { echo "error: target $target was not generated" >&2; exit 1; }
done
swift package dump-package | python3 -c '
import json, sys
package = json.load(sys.stdin)
for user in ("packctl", "PackConformanceTests"):
    target = next(t for t in package["targets"] if t["name"] == user)
    if "'"${name}Worker"'" not in json.dumps(target["dependencies"]):
        sys.exit("error: " + user + " does not depend on '"${name}Worker"'")'
echo "generated: ${name}Worker, cordum-$id, ${name}WorkerTests, and the dependencies of packctl and" \
    "PackConformanceTests (the conformance suite) on ${name}Worker"
# 4. It builds.
start=$(date +%s)
if ! swift build --target "${name}Worker" >"$copy/build.log" 2>&1; then
    grep -E "error" "$copy/build.log" | head -20 >&2
    echo "error: ${name}Worker does not build (see $copy/build.log)" >&2
    exit 1
fi
echo "built ${name}Worker in $(( $(date +%s) - start )) s"
if [ "${FULL:-0}" = 1 ]; then
    swift build --product packctl >"$copy/build-packctl.log" 2>&1 || { echo "error: packctl does not build" >&2; exit 1; }
    .build/debug/packctl dev --list-packs | grep "| $id |"
fi
echo "ok: adding a pack is its folder and one table entry"
