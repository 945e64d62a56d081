#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# packaging_install: `cmake --install` of a build lays out both programs, the launcher,
# the AppStream metainfo (valid), the MIME type, the icon and the two man pages, and the
# man pages describe every command and option the programs' --help lists.
#   check_install.sh BUILD_DIR
set -euo pipefail
BUILD=$1
DEST=$(mktemp -d "${TMPDIR:-/tmp}/concord-install.XXXXXX")
trap 'rm -rf "$DEST"' EXIT
fail() { echo "packaging_install: $*" >&2; exit 1; }

DESTDIR="$DEST" cmake --install "$BUILD" --prefix /usr >"$DEST.log" 2>&1 || { cat "$DEST.log" >&2; rm -f "$DEST.log"; fail "cmake --install failed"; }
rm -f "$DEST.log"
APP=io.github.concord.Concord
for f in usr/bin/concord usr/bin/concord-cli \
         usr/share/applications/$APP.desktop \
         usr/share/metainfo/$APP.metainfo.xml \
         usr/share/mime/packages/$APP.xml \
         usr/share/icons/hicolor/scalable/apps/$APP.svg \
         usr/share/man/man1/concord.1 usr/share/man/man1/concord-cli.1; do
  [ -s "$DEST/$f" ] || fail "$f is not installed"
done
[ -x "$DEST/usr/bin/concord-cli" ] || fail "usr/bin/concord-cli is not executable"

# The installed files are valid for the tools a distribution runs on them.
appstreamcli validate --no-net "$DEST/usr/share/metainfo/$APP.metainfo.xml" || fail "the metainfo does not validate"
desktop-file-validate "$DEST/usr/share/applications/$APP.desktop" || fail "the .desktop file does not validate"
# The launcher starts the installed program and opens projects of the installed type.
grep -qx "Exec=concord %f" "$DEST/usr/share/applications/$APP.desktop" || fail "the .desktop file does not start concord %f"
grep -q "application/x-concord-project" "$DEST/usr/share/applications/$APP.desktop" || fail "the .desktop file does not open .concord files"
grep -q 'type="application/x-concord-project"' "$DEST/usr/share/mime/packages/$APP.xml" || fail "the MIME package lacks the project type"

# The man pages say what --help says: every command of concord-cli with each of its
# options, every option of concord.
export QT_QPA_PLATFORM=offscreen
CLI="$DEST/usr/bin/concord-cli"
man_has() { # page, literal text as --help prints it
  local escaped=${2//-/\\-}
  grep -qF -- "$escaped" "$1" || fail "$(basename "$1") lacks \"$2\""
}
commands=$("$CLI" --help | awk '/^Commands:/ { on = 1; next } on && NF == 0 { on = 0 } on { print $1 }')
[ -n "$commands" ] || fail "concord-cli --help lists no commands"
for c in $commands; do
  man_has "$DEST/usr/share/man/man1/concord-cli.1" ".SS $c"
  for opt in $("$CLI" "$c" --help | grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*'); do
    man_has "$DEST/usr/share/man/man1/concord-cli.1" "$opt"
  done
done
for opt in $("$DEST/usr/bin/concord" --help | grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*'); do
  man_has "$DEST/usr/share/man/man1/concord.1" "$opt"
done
grep -q "^.TH CONCORD-CLI 1" "$DEST/usr/share/man/man1/concord-cli.1" || fail "concord-cli.1 has no .TH line"
# groff reads them without a warning, where it is installed.
if command -v groff >/dev/null; then
  for page in concord concord-cli; do
    out=$(groff -man -ww -z -Tutf8 "$DEST/usr/share/man/man1/$page.1" 2>&1) || fail "groff failed on $page.1: $out"
    [ -z "$out" ] || fail "groff warns on $page.1: $out"
  done
fi
echo "packaging_install: $(find "$DEST" -type f | wc -l) files installed; $(echo $commands | wc -w) commands in concord-cli.1"
