#!/usr/bin/env bash
# Builds target/fast-start/whk: the static release build with the functions a short run executes
# laid out together, so that a 1 KiB `whk sign` faults in fewer pages of code. It stays
# position-independent (ASLR as usual). The layout list names functions by their mangled,
# hashed symbols, so it is made here from this exact build rather than committed, which is why
# this is a script and needs valgrind. benches/sign.py measures the result beside the default and
# static builds.
#
#     scripts/build-fast-start.sh        # needs valgrind (apt-get install valgrind); x86-64 Linux
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null; then
    echo "error: valgrind is needed to find the functions a short run executes" >&2
    echo "hint: apt-get install valgrind" >&2
    exit 3
fi

triple=x86_64-unknown-linux-gnu
out="$PWD/target/fast-start"
order="$out/startup.order"
mkdir -p "$out"
: >"$order"
# The same flags for both builds (the list's path included), so the symbols keep their hashes.
export RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-Wl,--symbol-ordering-file=$order -C link-arg=-Wl,--no-warn-symbol-ordering"
export CARGO_PROFILE_RELEASE_STRIP=false
build() { cargo build --release --locked --quiet --target "$triple" --target-dir "$out/build"; }
binary="$out/build/$triple/release/whk"

build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 1024 /dev/urandom >"$work/body"
export S=fast-start-profiling-secret
signature=$("$binary" sign github --secret-env S "$work/body" | grep '^X-Hub-Signature-256:')
profile() {
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/profile.%p" "$binary" "$@" >/dev/null 2>"$work/valgrind.log" || {
        echo "error: profiling \`whk $*\` under valgrind failed:" >&2
        tail -n 5 "$work/valgrind.log" >&2
        exit 4
    }
}
profile sign hmac --secret-env S "$work/body"
profile sign github --secret-env S "$work/body"
profile verify --secret-env S -H "$signature" "$work/body"
# Every function the runs entered, as callgrind names them, that the binary defines.
grep -hoE '^c?fn=\([0-9]+\) .+' "$work"/profile.* | sed -E 's/^c?fn=\([0-9]+\) //; s/'\''[0-9]+$//' | sort -u >"$work/entered"
nm "$binary" | awk 'NF == 3 && $2 ~ /^[tTwW]$/ { print $3 }' | sort -u >"$work/defined"
comm -12 "$work/entered" "$work/defined" >"$order"
echo "laying out $(wc -l <"$order") start-up functions together" >&2

touch src/main.rs # relink with the list filled in
build
strip -o "$out/whk" "$binary"
echo "$out/whk"
