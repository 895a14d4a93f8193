#!/usr/bin/env bash
# The prepared GPU check of issue 13, for a machine with a CUDA GPU, Python with a CUDA build of PyTorch
# (pip), a C++17 compiler and CMake — and no apt. It
#   1. unpacks the .deb files of DEB_DIR (dpkg -x, or ar + tar where dpkg is missing) into a prefix:
#      libsqlite3-dev + libsqlite3-0 and nlohmann-json3-dev are needed; Qt 6 Core + Test (qt6-base-dev,
#      libqt6core6, libqt6test6 and their libraries) are needed for the tests;
#   2. configures with -DPWB_BUILD_GUI=OFF against pip's LibTorch (torch.utils.cmake_prefix_path) and
#      builds core, pwb, the core tests, the CUDA test set and bench_train;
#   3. runs every core test (CTest), then the CUDA-only tests (tests/core/cuda/test_cuda_paths: logits of
#      every fixture on CUDA = CPU to 1e-4, bf16 within its stated bound, `pwb eval --prompt` = PEFT's
#      logits, one training step per method, the out-of-memory message), then bench_train on the demo model
#      for every method.
# Usage: packaging/gpu/gpu_check.sh [all|build|test|cuda|bench]   (default all; each stage needs the build)
# Environment: DEB_DIR (default packaging/gpu/debs, else shared/debs), PREFIX (default $BUILD_DIR/deps),
#   BUILD_DIR (default build-gpu), JOBS (default nproc), PYTHON (default python3), OUT (when set, every log
#   and result is copied there), CTEST_REGEX (limit the core tests, e.g. '^test_eval').
# Exit status: 0 when every stage run passed; the failing stage's status otherwise.
set -uo pipefail
stage="${1:-all}"
case "$stage" in all|build|test|cuda|bench) ;; *) echo "usage: $0 [all|build|test|cuda|bench]" >&2; exit 2 ;; esac
cd "$(dirname "$0")/../.." || exit 1
ROOT="$(pwd)"
BUILD_DIR="${BUILD_DIR:-build-gpu}"
JOBS="${JOBS:-$(nproc)}"
PYTHON="${PYTHON:-python3}"
PREFIX="${PREFIX:-$ROOT/$BUILD_DIR/deps}"
LOGS="$ROOT/$BUILD_DIR/gpu-logs"
mkdir -p "$LOGS"
if [ -z "${DEB_DIR:-}" ]; then
  DEB_DIR="$ROOT/packaging/gpu/debs"
  [ -d "$DEB_DIR" ] || DEB_DIR="$ROOT/shared/debs"
fi

say() { printf '== %s\n' "$*"; }
die() { printf 'gpu_check: error: %s\n' "$*" >&2; copy_out; exit 1; }
copy_out() { if [ -n "${OUT:-}" ]; then mkdir -p "$OUT"; cp -r "$LOGS" "$OUT/" 2>/dev/null || true; fi; }

# --- the machine -------------------------------------------------------------------------------------
machine() {
  say "machine"
  { uname -a; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 || true
    ldd --version 2>&1 | head -1
    "$PYTHON" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda,
"available", torch.cuda.is_available(), "cxx11 abi", torch._C._GLIBCXX_USE_CXX11_ABI)' 2>&1
    cmake --version 2>&1 | head -1; "${CXX:-c++}" --version 2>&1 | head -1; } | tee "$LOGS/machine.txt"
}

# --- 1. .deb dependencies ----------------------------------------------------------------------------
unpack_debs() {
  shopt -s nullglob
  local debs=("$DEB_DIR"/*.deb)
  shopt -u nullglob
  if [ ${#debs[@]} -eq 0 ]; then
    say "no .deb files in $DEB_DIR: using the system's sqlite3, nlohmann-json and Qt 6 (if any)"
    return 0
  fi
  say "unpacking ${#debs[@]} .deb files from $DEB_DIR into $PREFIX"
  mkdir -p "$PREFIX"
  local d tmp
  for d in "${debs[@]}"; do
    if command -v dpkg >/dev/null 2>&1; then
      dpkg -x "$d" "$PREFIX" || die "dpkg -x $d failed"
    else
      # A .deb is an ar archive holding data.tar.{xz,zst,gz}.
      command -v ar >/dev/null 2>&1 || die "neither dpkg nor ar is available to unpack $d"
      tmp="$(mktemp -d)"
      (cd "$tmp" && ar x "$d") || die "ar x $d failed"
      tar -xf "$tmp"/data.tar.* -C "$PREFIX" || die "cannot extract the data of $d (tar without zstd/xz?)"
      rm -rf "$tmp"
    fi
  done
  # Library symlinks in the packages are relative, so they work inside the prefix.
  local arch libdirs=()
  arch="$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
  for l in "$PREFIX/usr/lib/$arch" "$PREFIX/usr/lib" "$PREFIX/lib/$arch"; do [ -d "$l" ] && libdirs+=("$l"); done
  local joined
  joined="$(IFS=:; echo "${libdirs[*]}")"
  export LD_LIBRARY_PATH="$joined${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export PATH="$PREFIX/usr/lib/qt6/libexec:$PREFIX/usr/lib/qt6/bin:$PATH"
}

# --- CUDA toolkit for CMake: Caffe2's config needs one (nvcc or a root with headers and libraries) -------
cuda_toolkit_args() {
  if command -v nvcc >/dev/null 2>&1; then return 0; fi
  for c in "${CUDA_HOME:-}" /usr/local/cuda; do
    if [ -n "$c" ] && [ -x "$c/bin/nvcc" ]; then
      echo "-DCUDAToolkit_ROOT=$c"
      return 0
    fi
  done
  # pip's nvidia-* wheels: assemble a toolkit root from their include/ and lib/ folders.
  local nv
  nv="$("$PYTHON" -c 'import nvidia; print(list(nvidia.__path__)[0])' 2>/dev/null)" || return 0
  [ -d "$nv" ] || return 0
  local root="$ROOT/$BUILD_DIR/cuda-root"
  rm -rf "$root" && mkdir -p "$root/include" "$root/lib64" "$root/bin"
  for pkg in "$nv"/*/; do
    [ -d "$pkg/include" ] && cp -rs "$pkg/include/." "$root/include/" 2>/dev/null
    [ -d "$pkg/lib" ] && cp -rs "$pkg/lib/." "$root/lib64/" 2>/dev/null
    [ -d "$pkg/bin" ] && cp -rs "$pkg/bin/." "$root/bin/" 2>/dev/null
  done
  # Unversioned names the CMake modules look for (the wheels ship libcudart.so.12 etc.).
  for f in "$root"/lib64/lib*.so.*; do
    [ -e "$f" ] || continue
    local base="${f%%.so.*}.so"
    [ -e "$base" ] || ln -s "$(basename "$f")" "$base"
  done
  echo "-DCUDAToolkit_ROOT=$root"
}

# --- 2. build ----------------------------------------------------------------------------------------
build() {
  local torch_prefix gen=()
  torch_prefix="$("$PYTHON" -c 'import torch; print(torch.utils.cmake_prefix_path)')" ||
    die "$PYTHON cannot import torch"
  command -v cmake >/dev/null 2>&1 || die "cmake is not installed"
  command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
  local cuda_args
  cuda_args="$(cuda_toolkit_args)"
  say "configure (torch from $torch_prefix${cuda_args:+, $cuda_args})"
  cmake -S . -B "$BUILD_DIR" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DPWB_BUILD_GUI=OFF -DPWB_BUILD_TESTS=ON \
    -DPWB_BUILD_BENCH=ON "-DCMAKE_PREFIX_PATH=$torch_prefix;$PREFIX/usr;$PREFIX/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)/cmake" \
    ${cuda_args:+"$cuda_args"} >"$LOGS/configure.log" 2>&1 || { tail -40 "$LOGS/configure.log"; die "configure failed"; }
  grep -q "Qt6 Test not found" "$LOGS/configure.log" &&
    say "WARNING: Qt 6 Test not found: no tests are built (bring qt6-base-dev, libqt6core6, libqt6test6 .debs)"
  say "build (-j $JOBS)"
  cmake --build "$BUILD_DIR" -j "$JOBS" >"$LOGS/build.log" 2>&1 || { grep -m20 -B2 -A8 "error" "$LOGS/build.log"; die "build failed"; }
  say "built: $(find "$BUILD_DIR/tests" -maxdepth 1 -type f -name 'test_*' -perm -u+x 2>/dev/null | wc -l) test programs"
}

# --- 3. tests and bench ------------------------------------------------------------------------------
core_tests() {
  say "every core test (CTest)"
  (cd "$BUILD_DIR" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(( JOBS > 4 ? 4 : JOBS ))" \
    ${CTEST_REGEX:+-R "$CTEST_REGEX"} -E '^test_ui') 2>&1 | tee "$LOGS/ctest.log"
  return "${PIPESTATUS[0]}"
}

cuda_tests() {
  say "CUDA-only tests"
  local t="$BUILD_DIR/tests/test_cuda_paths"
  [ -x "$t" ] || die "$t was not built"
  "$t" -v2 2>&1 | tee "$LOGS/cuda_tests.log"
  local rc="${PIPESTATUS[0]}"
  if grep -q "SKIP" "$LOGS/cuda_tests.log"; then say "WARNING: CUDA cases were skipped (see the reasons above)"; fi
  return "$rc"
}

bench() {
  say "bench_train on the demo model, every method"
  local b="$BUILD_DIR/bench/bench_train" dev=()
  [ -x "$b" ] || die "$b was not built"
  # bench_train measures on the device it is given where it takes one (--device), else on the CPU.
  "$b" --help 2>&1 | grep -q -- "--device" && dev=(--device cuda)
  "$b" --steps 20 "${dev[@]}" 2>&1 | tee "$LOGS/bench_train.txt"
  local rc="${PIPESTATUS[0]}"
  if [ -f packaging/gpu/torch_train_loop.py ]; then
    say "plain PyTorch loop on the same machine"
    "$PYTHON" packaging/gpu/torch_train_loop.py --model resources/demo-bert-mini --steps 20 2>&1 |
      tee "$LOGS/torch_train_loop.txt"
  fi
  return "$rc"
}

machine
unpack_debs
status=0
case "$stage" in
  all) build && { core_tests || status=$?; cuda_tests || status=$?; bench || status=$?; } ;;
  build) build ;;
  test) core_tests || status=$? ;;
  cuda) cuda_tests || status=$? ;;
  bench) bench || status=$? ;;
esac
copy_out
say "done (status $status); logs in $LOGS"
exit "$status"
