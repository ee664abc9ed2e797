#!/usr/bin/env bash
# Debian packages the test suite needs; installed only when running as root.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
    echo "not root: skipping apt-get (needs postgresql, chromium, poppler-utils, fonts-dejavu-core)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
need=()
for pkg in postgresql chromium chromium-driver poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${need[@]}" >/dev/null
fi
