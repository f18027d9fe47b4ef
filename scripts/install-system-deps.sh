#!/usr/bin/env bash
# What the test suite needs from Debian, installed when missing:
# - chromium for the browser tests (Playwright drives it; it never downloads a browser of its own),
# - gettext, so the translation test can check that every string is extracted,
# - redis-server and PostgreSQL's binaries, which the fault tests start as their own throwaway servers,
# - pango, HarfBuzz's font subsetter and DejaVu (every Lithuanian letter), which WeasyPrint needs to write the
#   report PDFs; `make run` needs them too,
# - poppler-utils, whose pdftoppm draws the first page of a report PDF for `make screenshots`.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver fonts-dejavu-core)
command -v xgettext >/dev/null || need+=(gettext)
command -v redis-server >/dev/null || need+=(redis-server)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || need+=("$package")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing for the tests: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
