#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# packaging_deb: CPack makes a .deb of the build; it installs with apt into a clean
# Debian 13 root (debootstrap --variant=minbase, nothing else), which pulls exactly the
# dependencies the package declares; there `concord-cli --version`, `concord --help`, a new
# project and the desktop integration work.
#   deb_clean_root.sh BUILD_DIR
# Needs root and debootstrap (as in ./dev's build root); exits 77 (skipped) without them.
set -euo pipefail
BUILD=$1
fail() { echo "packaging_deb: $*" >&2; exit 1; }
if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
  echo "packaging_deb: skipped: needs root, debootstrap and dpkg-shlibdeps (./dev's build root has them)"
  exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/concord-deb.XXXXXX")
ROOT="$WORK/root"
cleanup() {
  set +e
  # Unmount whatever is mounted under the root before deleting anything.
  grep -o " $ROOT[^ ]*" /proc/mounts 2>/dev/null | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

# The package, as `./dev package` makes it.
(cd "$BUILD" && cpack -G DEB -B "$WORK/dist" >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log" >&2; fail "cpack failed"; }
DEB=$(ls "$WORK"/dist/concord_*.deb 2>/dev/null | head -n1)
[ -n "$DEB" ] || fail "cpack made no concord_*.deb"
dpkg-deb --info "$DEB" >"$WORK/info"
grep -q "^ Package: concord$" "$WORK/info" || fail "the package is not named concord"
grep -q "^ Depends: .*libqt6widgets6" "$WORK/info" || fail "the package does not depend on Qt Widgets: $(grep Depends "$WORK/info")"
grep -q "^ Depends: .*libkf6syntaxhighlighting6" "$WORK/info" || fail "the package does not depend on KSyntaxHighlighting"
grep -q "^ Depends: .*qt6-qpa-plugins" "$WORK/info" || fail "the package does not depend on the Qt platform plugins"

# A clean Debian 13 from the archive this machine's apt uses.
MIRROR=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | head -n1 || true)
[ -n "$MIRROR" ] || MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" { print $2; exit }' || true)
[ -n "$MIRROR" ] || fail "no Debian archive in this machine's apt configuration"
debootstrap --variant=minbase trixie "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap trixie from $MIRROR failed"; }
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
mount --bind /proc "$ROOT/proc"
mount --rbind /dev "$ROOT/dev"
cp "$DEB" "$ROOT/tmp/concord.deb"
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
in_root bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/concord.deb' \
  >"$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log" >&2; fail "apt-get install of the package failed"; }

version=$(in_root concord-cli --version) || fail "concord-cli --version failed in the clean root"
[[ "$version" =~ ^concord-cli\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "concord-cli --version printed \"$version\""
help=$(in_root env QT_QPA_PLATFORM=offscreen concord --help) || fail "concord --help failed in the clean root"
grep -q "^Usage: concord " <<<"$help" || fail "concord --help printed: $help"
in_root concord-cli new /tmp/study.concord >/dev/null || fail "concord-cli new failed in the clean root"
in_root concord-cli info /tmp/study.concord --json | grep -q '"items"' || fail "concord-cli info failed in the clean root"
# The GUI opens that project and draws it without a display.
in_root env QT_QPA_PLATFORM=offscreen concord --screenshot /tmp/shot.png /tmp/study.concord >/dev/null 2>"$WORK/gui.err" \
  || { cat "$WORK/gui.err" >&2; fail "concord could not open a project in the clean root"; }
[ -s "$ROOT/tmp/shot.png" ] || fail "concord wrote no screenshot in the clean root"
# The man pages and the desktop files are where a desktop looks for them.
for f in /usr/share/man/man1/concord.1.gz /usr/share/man/man1/concord-cli.1.gz /usr/share/applications/io.github.concord.Concord.desktop \
         /usr/share/metainfo/io.github.concord.Concord.metainfo.xml /usr/share/mime/packages/io.github.concord.Concord.xml \
         /usr/share/icons/hicolor/scalable/apps/io.github.concord.Concord.svg; do
  [ -f "$ROOT$f" ] || [ -f "$ROOT${f%.gz}" ] || fail "$f is not installed by the package"
done
echo "packaging_deb: $(basename "$DEB") ($(stat -c %s "$DEB") bytes) installed into a clean Debian 13 root with $(grep -c '^Setting up' "$WORK/apt.log" || true) packages; $version"
