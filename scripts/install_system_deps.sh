#!/usr/bin/env bash
# Installs the Debian packages the dashboard's features need, when they are missing:
#   chromium        chart and briefing exports (Kaleido) and the browser tests
#   fonts-noto-cjk  Chinese text in exported images and PDFs
#   poppler-utils   pdftotext/pdftoppm, used by the tests to read exported PDFs
# Needs root or password-less sudo; otherwise says which features stay off.
set -u
packages=(chromium fonts-noto-cjk poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "!! Cannot install ${missing[*]} (not root, no password-less sudo)." >&2
  echo "!! Without chromium: no PNG/SVG/PDF exports and no browser tests;" >&2
  echo "!! without fonts-noto-cjk: Chinese shows as boxes in exports." >&2
  echo "!! Ask an administrator to run: apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
