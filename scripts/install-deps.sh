#!/usr/bin/env bash
# The one place that names data-test's Debian packages. Idempotent: installs only what is missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config git clang-format help2man
  ccache  # compiles each source once per content: CMakeLists.txt uses it where installed
  libgtest-dev libgmock-dev
  libpqxx-dev libpq-dev libssl-dev
  libboost-dev libboost-filesystem-dev
  nlohmann-json3-dev libfmt-dev libyaml-cpp-dev
  python3-jsonschema python3-yaml
  postgresql
  chromium  # the tests render report.html headless and read what a reader sees
  clang clang-tidy libclang-rt-14-dev llvm shellcheck
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 2
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's postgresql package starts a system cluster; data-test never uses it (tests start their own).
echo "install-deps: done"
