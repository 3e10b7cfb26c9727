#!/usr/bin/env bash
# The Debian packages, built and installed for real: scripts/package makes both packages from
# the debug binaries the test suite built (twice: version A = WORKSPACE~test1, version B =
# the workspace's version), lintian and dpkg look at them, desktop-file-validate at the
# .desktop entry; then, in a clean Debian root made by debootstrap (bookworm, minbase), apt
# installs them and tests/package/chroot.sh runs the server as its unit says, signs in, keeps
# the data through an upgrade from A to B, refuses a database from a newer version, and opens
# the desktop app's window on an Xvfb display.
#
#   tests/package/run.sh        (as root: debootstrap, chroot and mounts need it)
#
# Caches, so reruns are quick (the test passes with them empty too):
#   /var/tmp/switchboard-debootstrap/bookworm.tar    the debootstrap base (rebuilt after 30 days)
#   /var/tmp/switchboard-debootstrap/apt-archives/   the .debs apt downloaded in the chroot
# SWITCHBOARD_PACKAGE_CACHE moves them. Nothing is left behind: the chroot lives in a
# temporary directory, its mounts in a private mount namespace (and are unmounted on exit).
# Prints `test result: ok. N passed; ...` (or FAILED), which scripts/test counts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$root/$target ;; esac
cache=${SWITCHBOARD_PACKAGE_CACHE:-/var/tmp/switchboard-debootstrap}
mirror=${SWITCHBOARD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm

started=$SECONDS
WORK=$(mktemp -d /var/tmp/switchboard-package.XXXXXX)
STEPS=$WORK/steps
export WORK STEPS
: >"$STEPS"
# shellcheck source=tests/package/lib.sh
. "$here/lib.sh"

finish() {
  local status=$? passed step
  passed=$(grep -c '^package: ok' "$STEPS" || true)
  step=$(cat "$WORK/current-step" 2>/dev/null || echo 'setting up')
  # The chroot's mounts lived in private namespaces (debootstrap's, chroot.sh's), gone with
  # them; never delete through a mount all the same.
  if grep -qF " $WORK/" /proc/self/mountinfo; then
    echo "package: something is still mounted under $WORK; left in place" >&2
    status=1
  else
    rm -rf --one-file-system "$WORK"
  fi
  if [ "$status" -eq 0 ]; then
    echo "test result: ok. $passed passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in $((SECONDS - started))s (packages)"
  else
    echo "package: FAILED in: $step" >&2
    echo "test result: FAILED. $passed passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in $((SECONDS - started))s (packages)"
  fi
  exit "$status"
}
trap finish EXIT
trap "exit 130" INT TERM HUP

begin "tools are here"
[ "$(id -u)" -eq 0 ] || { echo "package: run as root (debootstrap, chroot, mounts)" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps lintian debootstrap desktop-file-validate unshare Xvfb xdotool \
  xprop import identify curl jq readelf; do
  command -v "$tool" >/dev/null || { echo "package: $tool is missing (scripts/setup installs it)" >&2; exit 1; }
done
ok

begin "scripts/package builds versions A and B from the debug binaries"
# The binaries as tests/desktop built them (nothing to compile after the suite); ui/dist is
# built by scripts/test before anything compiles src-tauri.
(cd "$root" && cargo build --locked -q -p switchboard-server --bin switchboard &&
  cargo build --locked -q -p switchboard-desktop --bin switchboard-desktop)
base=$(cd "$root" && cargo pkgid --locked -p switchboard-server | sed 's/.*[#@]//')
version_a="$base~test1" version_b=$base
t0=$SECONDS
quiet package-a "$root/scripts/package" --profile dev --no-build --version "$version_a" --out "$WORK/debs/a"
quiet package-b "$root/scripts/package" --profile dev --no-build --version "$version_b" --out "$WORK/debs/b"
check "version A sorts before B" dpkg --compare-versions "$version_a" lt "$version_b"
arch=$(dpkg --print-architecture)
server_a=$WORK/debs/a/switchboard-server_${version_a}_$arch.deb
server_b=$WORK/debs/b/switchboard-server_${version_b}_$arch.deb
desktop_b=$WORK/debs/b/switchboard-desktop_${version_b}_$arch.deb
for deb in "$server_a" "$server_b" "$desktop_b"; do check "$deb was built" test -s "$deb"; done
echo "package: built both versions in $((SECONDS - t0)) s: server $(du -h "$server_b" | cut -f1), desktop $(du -h "$desktop_b" | cut -f1) (debug binaries, stripped)"
ok

begin "lintian finds no errors (its warnings, if any, are listed)"
for deb in "$server_b" "$desktop_b"; do
  status=0
  out=$(lintian --fail-on error "$deb" 2>&1) || status=$?
  # Root is fine here: lintian only reads the package.
  grep -v 'running with root privileges' <<<"$out" | sed 's/^/    /' || true
  check "lintian passes $(basename "$deb")" test "$status" -eq 0
done
ok

begin "the server package: its files, unit, conffile, scripts and dependencies (dpkg -I, -c)"
info=$(dpkg-deb -f "$server_b")
check "server package name" grep -qx 'Package: switchboard-server' <<<"$info"
check "version B" grep -qx "Version: $version_b" <<<"$info"
check "server Depends names adduser and libc6" grep -Eq '^Depends: .*libc6.*adduser' <<<"$info"
files=$(dpkg-deb -c "$server_b" | awk '{print $6}')
for f in ./usr/bin/switchboard ./lib/systemd/system/switchboard.service ./etc/switchboard/switchboard.env \
  ./usr/share/doc/switchboard-server/copyright ./usr/share/doc/switchboard-server/changelog.gz \
  ./usr/share/man/man1/switchboard.1.gz; do
  check "the server package holds $f" grep -qx "$f" <<<"$files"
done
mkdir -p "$WORK/x/server" "$WORK/x/desktop"
dpkg-deb -R "$server_b" "$WORK/x/server"
check "the env file is a conffile" grep -qx /etc/switchboard/switchboard.env "$WORK/x/server/DEBIAN/conffiles"
for s in postinst prerm postrm; do check "$s is executable" test -x "$WORK/x/server/DEBIAN/$s"; done
check "the binary is stripped" bash -c "! readelf -S '$WORK/x/server/usr/bin/switchboard' | grep -Eq '\.symtab|\.debug_info'"
# systemd's own parser on the unit: an unknown option or a bad value is reported as FILE:LINE
# (that the binary is not on this machine, or that no systemd runs here, is not).
if systemd-analyze --version >/dev/null 2>&1; then
  analyze=$(systemd-analyze verify --man=no "$WORK/x/server/lib/systemd/system/switchboard.service" 2>&1 || true)
  check "systemd-analyze verify finds nothing wrong in the unit" \
    bash -c '! grep -E "\.service:[0-9]+: " <<<"$1"' sh "$analyze"
fi
ok

begin "the desktop package: its files, icon, .desktop entry (desktop-file-validate) and dependencies"
info=$(dpkg-deb -f "$desktop_b")
depends=$(sed -n 's/^Depends: //p' <<<"$info")
for lib in libwebkit2gtk-4.1-0 libgtk-3-0 libsoup-3.0-0 libdbus-1-3 libc6; do
  check "desktop Depends names $lib" grep -q "$lib" <<<"$depends"
done
dpkg-deb -R "$desktop_b" "$WORK/x/desktop"
entry=$WORK/x/desktop/usr/share/applications/switchboard-desktop.desktop
check "the .desktop entry is there" test -f "$entry"
desktop-file-validate "$entry"
for key in 'Name=' 'Name\[ru\]=' 'Comment=' 'Comment\[ru\]=' 'Exec=switchboard-desktop$' 'Icon=switchboard-desktop$'; do
  check ".desktop has $key" grep -q "^$key" "$entry"
done
check "the icon is a 512x512 PNG" bash -c \
  "identify -format '%m %wx%h' '$WORK/x/desktop/usr/share/icons/hicolor/512x512/apps/switchboard-desktop.png' | grep -qx 'PNG 512x512'"
check "the desktop binary is stripped" bash -c "! readelf -S '$WORK/x/desktop/usr/bin/switchboard-desktop' | grep -Eq '\.symtab|\.debug_info'"
ok

begin "a clean Debian root (debootstrap $suite, minbase)"
mkdir -p "$cache/apt-archives/partial"
base_tar=$cache/$suite.tar
if [ -s "$base_tar" ] && [ -z "$(find "$base_tar" -mtime +30)" ]; then
  echo "package: the debootstrap base from the cache ($base_tar)"
else
  t0=$SECONDS
  # In a mount namespace of its own (the mounts it makes go with it); once more after a
  # network hiccup, from scratch.
  bootstrap=(unshare --mount --propagation private -- debootstrap --variant=minbase "$suite" "$WORK/base" "$mirror")
  quiet debootstrap "${bootstrap[@]}" ||
    { rm -rf --one-file-system "$WORK/base" && quiet debootstrap "${bootstrap[@]}"; }
  tar -C "$WORK/base" --numeric-owner -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
  rm -rf --one-file-system "$WORK/base"
  echo "package: debootstrap took $((SECONDS - t0)) s; cached as $base_tar ($(du -h "$base_tar" | cut -f1))"
fi
mkdir "$WORK/root"
tar -C "$WORK/root" --numeric-owner -xpf "$base_tar"
ok

# The rest happens in the chroot, in a mount namespace of its own: its mounts can outlive
# neither the script nor a crash.
# The window's screenshot is kept (in /tmp) for a person to look at.
shots=$(mktemp -d /tmp/switchboard-package-shots.XXXXXX)
unshare --mount --propagation private -- "$here/chroot.sh" "$WORK/root" "$cache/apt-archives" \
  "$server_a" "$server_b" "$desktop_b" "$shots"
