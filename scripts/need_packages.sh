#!/usr/bin/env bash
# Install the Debian packages whose program is missing: `need_packages.sh PROGRAM=PACKAGE ...`.
# As root it installs them (apt-get); otherwise it says what to install and fails.
set -euo pipefail
missing=()
for pair in "$@"; do
  program=${pair%%=*}
  command -v "$program" >/dev/null || [ -x "/usr/sbin/$program" ] || missing+=("${pair#*=}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
