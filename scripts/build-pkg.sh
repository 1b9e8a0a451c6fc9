#!/usr/bin/env bash
# Builds the npm package in pkg/: the size-optimised release wasm (wasm-opt from the npm
# binaryen package), the wasm-bindgen glue, and pkg-template/ (JS entry, types, README).
# Prints the shipped sizes, raw and gzip -9, and fails when the gzipped total of the three
# files a page downloads (the wasm, its glue and the bundled entry) is over 131072 bytes
# (128 KiB; the goal is at most 93,298 B, what @cloudbase/js-sdk 3.7.0 ships for app + auth).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

OUT=target/wasm-pack-out
rm -rf "$OUT"
# Linker, inliner and path flags for this build only (they replace .cargo/config.toml's
# rustflags, so its cfg is repeated): a 32 KiB stack instead of the default 1 MiB, placed
# first in memory so that an overflow traps instead of running into static data; and the
# dependencies' source paths in panic locations without the registry directory. The flows reach 8.2 KiB
# of stack, the deepest argument the bridge accepts (127 levels, e2e/api.mjs) less
# (docs/ARCHITECTURE.md, "Memory of the module"); 32 KiB and the static data then share the
# module's first 64 KiB page, which the check after the build holds to.
# LLVM's inliner counts a call as costing 40 instead of 25 (`-inline-call-penalty`): at
# `opt-level = "z"` that inlines the small wrappers whose call costs more than their body
# (−1.4 KB raw, −712 B gzipped; 30-45 all gain 560-750 B, 50 loses 140: measured in
# docs/ARCHITECTURE.md, "Size of the package").
STACK=32768
REGISTRY=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ 2>/dev/null | head -1)
export RUSTFLAGS="--cfg=web_sys_unstable_apis -C link-arg=-zstack-size=$STACK -C llvm-args=--inline-call-penalty=40${REGISTRY:+ --remap-path-prefix=$REGISTRY=}"
wasm-pack --quiet build --release --target web --mode no-install --no-pack \
  --out-dir "$OUT" --out-name cloudbase_auth_wasm . -- --features talc >/dev/null

# The memory layout the linker chose, from the globals it exports in cargo's output (wasm-bindgen
# drops those exports): the stack from 0 to $STACK, the static data from there to __data_end,
# the heap from __heap_base. The stack and the static data must fit the first 64 KiB page: the
# module then starts with one page of memory and the heap grows by pages from the second.
LINKED="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/cloudbase_auth_wasm.wasm"
read -r DATA_END HEAP_BASE < <(wasm-dis "$LINKED" | awk '
  /^ \(global \$/ { if (match($0, /i32\.const [0-9]+/)) value[$2] = substr($0, RSTART + 10, RLENGTH - 10) }
  /^ \(export "__(data_end|heap_base)" \(global / { g = $4; sub(/\)+$/, "", g); at[$2] = g }
  END { print value[at["\"__data_end\""]], value[at["\"__heap_base\""]] }')
if ! [[ "${DATA_END:-}" =~ ^[0-9]+$ && "${HEAP_BASE:-}" =~ ^[0-9]+$ ]]; then
  echo "error: no __heap_base / __data_end in $LINKED" >&2
  exit 1
fi
echo "memory layout: stack 0-$STACK, static data $STACK-$DATA_END ($((DATA_END - STACK)) B), heap from $HEAP_BASE"
if [ "$HEAP_BASE" -gt 65536 ]; then
  echo "error: the stack ($STACK B) and the static data ($((DATA_END - STACK)) B) no longer fit the first 64 KiB page (heap base $HEAP_BASE)" >&2
  exit 1
fi

VERSION=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
rm -rf pkg && mkdir -p pkg
cp "$OUT/cloudbase_auth_wasm.js" "$OUT/cloudbase_auth_wasm_bg.wasm" pkg/
for f in index.d.ts errors.d.ts data.d.ts params.d.ts package.json README.md; do
  sed "s/__VERSION__/$VERSION/g" "pkg-template/$f" > "pkg/$f"
done
# The JS entry: its modules (pkg-template/*.js, one job each; index.js imports the others)
# bundled by esbuild (a devDependency) into the one index.js the package ships, the glue left
# to its own file: one request and one gzip stream instead of six (about 1 KB less gzipped).
ENTRY=target/entry-src
rm -rf "$ENTRY" && mkdir -p "$ENTRY"
for f in pkg-template/*.js; do
  sed "s/__VERSION__/$VERSION/g" "$f" > "$ENTRY/$(basename "$f")"
done
esbuild "$ENTRY/index.js" --bundle --format=esm --platform=neutral --log-level=warning \
  --external:./cloudbase_auth_wasm.js --outfile=pkg/index.js

# wasm-opt (wasm-pack's own run is off in Cargo.toml): the functions put in the order of their
# Rust symbol names first, so that the instances of one generic (serde's readers, the futures'
# state machines) sit side by side for gzip's window (−1.6 KB gzipped; the module is the same
# code), identical functions merged (the per-method exports share much), `--flatten --rereloop` (restructured control flow) and
# `--merge-similar-functions` before `-Os`, until nothing changes, then `--gufa`
# (constants and types flowed through the whole module) and `-Os` once more (−640 B gzipped
# together, measured with `-Oz`), without the producers and target-features sections. The glue stays as wasm-bindgen wrote it
# (the module keeps its import and export names); terser below only minifies it.
# `--low-memory-unused` (−490 B gzipped) lets wasm-opt fold `ptr + C` (C < 1024) into a load's
# or store's offset, whose address then cannot wrap around 4 GiB: the two differ only for an
# address that wraps past 4 GiB into the first KiB, which no pointer the module makes does (an
# in-range pointer into that KiB, the far end of the stack placed first above, is the same
# either way; a stack pointer that overflowed below 0 now traps there sooner). `--traps-never-happen` would save 600 B
# more but lets wasm-opt drop the branches that end in a trap (a bounds check's panic), turning
# a bug's clean trap into a wrong read: not used.
# `--precompute-propagate` before the first `-Os` (constants carried through locals across the
# flattened code) takes 170 B more. `-Os` rather than `-Oz`: the same raw bytes, 430 B less
# gzipped (with the inlining below; 184 B when it came in).
# `--one-caller-inline-max-function-size=20`: a function called from one place is inlined into
# its caller only when it is small (by default at any size). About the same raw bytes, 7.9 KB
# less gzipped; most likely because near-alike bodies (the instances of one generic, each called
# from one place) kept whole keep their own code and local numbering, which gzip finds repeated
# (docs/ARCHITECTURE.md, "Size of the package", has the sweep and what was measured).
wasm-opt pkg/cloudbase_auth_wasm_bg.wasm --low-memory-unused --one-caller-inline-max-function-size=20 \
  --reorder-functions-by-name --duplicate-function-elimination --flatten --rereloop \
  --merge-similar-functions --precompute-propagate -Os --converge --gufa -Os \
  --strip-producers --strip-target-features -o pkg/cloudbase_auth_wasm_bg.wasm

# The shipped JS minified (the types and docs are in index.d.ts and README.md): terser (a
# devDependency) with its safe defaults; exported names and public property names are kept.
# In the entry, the internal properties (`_call`, `_wasm`, ...: a `_` then a letter, used by
# the entry alone) are shortened too (−123 B gzipped); the glue's are the module's contract.
for f in index.js cloudbase_auth_wasm.js; do
  props=()
  [ "$f" = index.js ] && props=(--mangle-props 'regex=/^_[A-Za-z]/')
  terser "pkg/$f" --module --ecma 2020 --compress passes=2 --mangle --keep-classnames "${props[@]}" -o "pkg/$f.min"
  mv "pkg/$f.min" "pkg/$f"
done

total_raw=0; total_gz=0
printf '%-32s %10s %10s\n' file bytes gzip-9
for f in cloudbase_auth_wasm_bg.wasm cloudbase_auth_wasm.js index.js; do
  raw=$(wc -c < "pkg/$f"); gz=$(gzip -9 -c "pkg/$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-32s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-32s %10d %10d\n' total "$total_raw" "$total_gz"
echo "package: $PWD/pkg"

# The size budget: what a page downloads (wasm, glue, entry), gzip -9, at most 128 KiB, room
# for the SDK's move onto serde, gloo and wasm-bindgen-futures; never more than the JS SDK it
# replaces (93,298 B) is the goal.
LIMIT=131072
if [ "$total_gz" -gt "$LIMIT" ]; then
  echo "error: the package is $total_gz bytes gzipped, over the budget of $LIMIT bytes (128 KiB)" >&2
  exit 1
fi
