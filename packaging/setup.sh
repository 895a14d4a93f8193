#!/usr/bin/env bash
# One-step set-up on Debian 12 (as root, or with sudo available):
#   packaging/setup.sh run    install missing packages, build Release, start the GUI on the demo project
#   packaging/setup.sh test   install missing packages, build Release, run every test with CTest
# BUILD_DIR (default: build) and JOBS (default: nproc) can be overridden.
set -euo pipefail
mode="${1:-}"
case "$mode" in run|test) ;; *) echo "usage: $0 run|test" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libopenblas0-openmp libsqlite3-dev nlohmann-json3-dev
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite
  libqcustomplot-dev libqcustomplot2.1-qt6 xvfb xauth fonts-dejavu-core
  munge slurmctld slurmd slurm-client)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "== installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc)}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j "$JOBS"

if [ "$mode" = test ]; then
  cd "$BUILD_DIR"
  export QT_QPA_PLATFORM=offscreen
  # As root the Slurm tests start a real single-node cluster (packaging/slurm/local_cluster.sh); here they must
  # run rather than skip, so a cluster that cannot start fails the run with the reason.
  [ "$(id -u)" -eq 0 ] && export PWB_REQUIRE_SLURM=1
  ctest --output-on-failure -j 1
else
  exec "$BUILD_DIR/bin/prompt-workbench" --demo
fi
