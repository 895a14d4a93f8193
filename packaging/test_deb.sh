#!/usr/bin/env bash
# Builds the Debian package, checks it with lintian, then installs it in a clean Debian 12 chroot and runs
# the installed programs from / (never from the build tree):
#   pwb --version, pwb fill-mask on the bundled demo model, prompt-workbench --version and a 5-second start
#   under Xvfb (with a screenshot when ImageMagick is available).
# Needs root (debootstrap, chroot, mounts) and network access to the Debian mirror through apt.
#   packaging/test_deb.sh              build, lintian, chroot test
#   SKIP_BUILD=1 packaging/test_deb.sh reuse the .deb already in BUILD_DIR
# BUILD_DIR (default build-pkg), JOBS (default 2), MIRROR, CHROOT (default /tmp/pwb-chroot) and
# CHROOT_CACHE (the debootstrap result as a tarball, reused; default /tmp/pwb-chroot-bookworm-minbase.tar.gz)
# can be overridden. Screenshots and logs go to OUT_DIR (default BUILD_DIR/deb-test).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC_DIR=$PWD
BUILD_DIR="${BUILD_DIR:-build-pkg}"
JOBS="${JOBS:-2}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
CHROOT="${CHROOT:-/tmp/pwb-chroot}"
CHROOT_CACHE="${CHROOT_CACHE:-/tmp/pwb-chroot-bookworm-minbase.tar.gz}"
OUT_DIR="${OUT_DIR:-$SRC_DIR/$BUILD_DIR/deb-test}"
failures=0

step() { echo; echo "== $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "$0: needs root (debootstrap, chroot and mounts)" >&2
  exit 2
fi
for tool in cmake cpack lintian; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 2; }
done
if ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
fi

# --- 1. build the package -----------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  step "build and package ($BUILD_DIR)"
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPWB_BUILD_TESTS=OFF -DPWB_BUILD_BENCH=OFF \
    >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS"
  rm -f "$BUILD_DIR"/prompt-workbench_*.deb
  (cd "$BUILD_DIR" && cpack -G DEB)
fi
deb=$(ls -t "$BUILD_DIR"/prompt-workbench_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "$0: no prompt-workbench_*.deb in $BUILD_DIR" >&2; exit 1; }
deb=$(realpath "$deb")
mkdir -p "$OUT_DIR"
step "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb"
# (grep without -q: an early exit would kill dpkg-deb with SIGPIPE under pipefail)
has_gui=0
dpkg-deb --contents "$deb" | grep '\./usr/bin/prompt-workbench$' >/dev/null && has_gui=1

# --- 2. lintian ------------------------------------------------------------------------------------------
step "lintian"
# Errors fail the test; warnings and info are printed for the report. Runs as root, hence the flag.
lintian --allow-root --info --display-level ">=info" "$deb" | tee "$OUT_DIR/lintian.txt" || true
if grep -q '^E:' "$OUT_DIR/lintian.txt"; then fail "lintian reports errors"; else pass "lintian: no errors"; fi

# --- 3. clean Debian 12 chroot ---------------------------------------------------------------------------
step "chroot $CHROOT"
if [ ! -s "$CHROOT_CACHE" ]; then
  rm -rf "$CHROOT.base"
  debootstrap --variant=minbase bookworm "$CHROOT.base" "$MIRROR"
  tar -C "$CHROOT.base" -czf "$CHROOT_CACHE.tmp" . && mv "$CHROOT_CACHE.tmp" "$CHROOT_CACHE"
  rm -rf "$CHROOT.base"
fi

mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { mount --bind "$1" "$2" && mounted+=("$2"); }

# A fresh copy every time, so that nothing from an earlier run hides a missing dependency.
if mountpoint -q "$CHROOT/proc" 2>/dev/null; then echo "$0: $CHROOT/proc is still mounted" >&2; exit 1; fi
rm -rf "$CHROOT"
mkdir -p "$CHROOT"
tar -C "$CHROOT" -xzf "$CHROOT_CACHE"
mount -t proc proc "$CHROOT/proc" && mounted+=("$CHROOT/proc")
mount -t sysfs sysfs "$CHROOT/sys" && mounted+=("$CHROOT/sys")
bind /dev "$CHROOT/dev"
mount -t devpts devpts "$CHROOT/dev/pts" -o newinstance,ptmxmode=0666 2>/dev/null && mounted+=("$CHROOT/dev/pts") || true
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
cat >"$CHROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
# Services must not start inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
chmod 755 "$CHROOT/usr/sbin/policy-rc.d"
cp "$deb" "$CHROOT/tmp/"
debname=$(basename "$deb")

in_chroot() { chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }

step "apt-get install ./$debname (dependencies from $MIRROR)"
in_chroot apt-get update -qq
if in_chroot sh -c "cd /tmp && apt-get install -y -q ./$debname" >"$OUT_DIR/apt-install.log" 2>&1; then
  pass "installed ($(grep -Eo '[0-9]+ newly installed' "$OUT_DIR/apt-install.log"))"
else
  tail -n 30 "$OUT_DIR/apt-install.log"
  fail "apt-get install"
  exit 1
fi
in_chroot du -sh /usr | sed 's/^/chroot \/usr: /'
in_chroot dpkg -L prompt-workbench | grep -E '^/usr/(bin|share/(applications|metainfo|icons|man|doc))/' || true

step "pwb from /"
if out=$(in_chroot sh -c 'cd / && pwb --version' 2>&1) && [ "$out" = "pwb $(sed -n 's/^project(PromptWorkbench VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" ]; then
  pass "pwb --version: $out"
else
  fail "pwb --version: $out"
fi
if in_chroot sh -c 'cd / && pwb --help' >"$OUT_DIR/pwb-help.txt" 2>&1; then pass "pwb --help"; else fail "pwb --help"; fi
if in_chroot sh -c 'cd / && pwb fill-mask --model /usr/share/prompt-workbench/demo-bert-mini "the movie was [MASK] ."' \
  >"$OUT_DIR/fill-mask.txt" 2>&1 && grep -q 'mask at token' "$OUT_DIR/fill-mask.txt" &&
  [ "$(grep -cE '^ +[^ ]+ +0\.[0-9]+$' "$OUT_DIR/fill-mask.txt")" -eq 5 ]; then
  pass "pwb fill-mask (demo model):"; sed 's/^/    /' "$OUT_DIR/fill-mask.txt"
else
  cat "$OUT_DIR/fill-mask.txt"; fail "pwb fill-mask"
fi
# The default model (no --model) must be found relative to the installed binary.
if in_chroot sh -c 'cd / && pwb fill-mask --top-k 3 "a [MASK] film ."' >"$OUT_DIR/fill-mask-default.txt" 2>&1; then
  pass "pwb fill-mask with the default (bundled) model"
else
  cat "$OUT_DIR/fill-mask-default.txt"; fail "pwb fill-mask without --model"
fi
if in_chroot sh -c 'man -w pwb >/dev/null 2>&1 || test -f /usr/share/man/man1/pwb.1.gz'; then pass "man page pwb(1)"; else fail "man page pwb(1)"; fi

if [ "$has_gui" -eq 1 ]; then
  step "prompt-workbench from /"
  if out=$(in_chroot sh -c 'cd / && QT_QPA_PLATFORM=offscreen prompt-workbench --version' 2>&1) &&
    echo "$out" | grep -q '^prompt-workbench [0-9]'; then
    pass "prompt-workbench --version: $out"
  else
    fail "prompt-workbench --version: $out"
  fi
  # Xvfb and ImageMagick are test tools, installed after the package so they cannot satisfy its dependencies.
  in_chroot apt-get install -y -qq --no-install-recommends xvfb xauth imagemagick >"$OUT_DIR/apt-xvfb.log" 2>&1 ||
    { tail -n 20 "$OUT_DIR/apt-xvfb.log"; fail "installing xvfb"; }
  # Start on a fresh HOME (first start: the demo project), let it run 8 s, screenshot, then close it with
  # SIGTERM. Exit 124 from timeout means it was still running, i.e. it did not crash.
  cat >"$CHROOT/tmp/gui-test.sh" <<'EOF'
#!/bin/sh
export HOME=/tmp/gui-home QT_QPA_PLATFORM=xcb
rm -rf "$HOME"; mkdir -p "$HOME"
cd /
timeout -s TERM 8 prompt-workbench >/tmp/gui.log 2>&1 &
pid=$!
sleep 6
if command -v import >/dev/null; then import -window root /tmp/gui-screenshot.png || true; fi
wait $pid
echo "exit status $?"
EOF
  chmod 755 "$CHROOT/tmp/gui-test.sh"
  rc_line=$(in_chroot xvfb-run -a -s "-screen 0 1400x900x24" /tmp/gui-test.sh 2>&1 | tail -n 1)
  cp "$CHROOT/tmp/gui.log" "$OUT_DIR/gui.log" 2>/dev/null || true
  if [ "$rc_line" = "exit status 124" ]; then
    pass "prompt-workbench ran 8 s under Xvfb without crashing"
  else
    sed 's/^/    /' "$OUT_DIR/gui.log" 2>/dev/null || true
    fail "prompt-workbench under Xvfb: $rc_line"
  fi
  if [ -s "$CHROOT/tmp/gui-screenshot.png" ]; then
    cp "$CHROOT/tmp/gui-screenshot.png" "$OUT_DIR/gui-screenshot.png"
    pass "screenshot: $OUT_DIR/gui-screenshot.png"
  fi
  # The Chinese interface: the same start with LANG=zh_CN.UTF-8.
  if [ -n "${TEST_ZH:-1}" ]; then
    sed -i 's/^export HOME=/export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN HOME=/; s#/tmp/gui-screenshot.png#/tmp/gui-screenshot-zh.png#' \
      "$CHROOT/tmp/gui-test.sh"
    in_chroot apt-get install -y -qq --no-install-recommends fonts-noto-cjk >>"$OUT_DIR/apt-xvfb.log" 2>&1 || true
    rc_line=$(in_chroot xvfb-run -a -s "-screen 0 1400x900x24" /tmp/gui-test.sh 2>&1 | tail -n 1)
    if [ "$rc_line" = "exit status 124" ]; then pass "prompt-workbench (zh_CN) ran 8 s under Xvfb"; else fail "zh_CN start: $rc_line"; fi
    [ -s "$CHROOT/tmp/gui-screenshot-zh.png" ] && cp "$CHROOT/tmp/gui-screenshot-zh.png" "$OUT_DIR/" || true
  fi
else
  step "no prompt-workbench in the package (GUI not built): GUI checks skipped"
fi

step "result"
if [ "$failures" -eq 0 ]; then echo "all checks passed"; else echo "$failures check(s) failed"; fi
exit $((failures > 0))
