#!/usr/bin/env bash
# Runs the desktop app for real and drives it over WebDriver, in a private world: a temporary
# home and data directory, a private D-Bus session with an unlocked gnome-keyring (the real
# keychain) and dunst (the real notification server), an Xvfb display, WebKitWebDriver.
#
#   tests/desktop/run.sh         the end-to-end test (e2e.mjs); takes a screenshot of the window
#                                (into the temporary world: scripts/screenshots refreshes the
#                                README's pictures, so tests never touch tracked files)
#   tests/desktop/run.sh bench   cold start to first paint and idle memory (bench.mjs)
#
# Builds the debug binary (ui/dist must be built), or runs SWITCHBOARD_DESKTOP_BIN.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=${1:-e2e}
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$root/$target ;; esac
if [ -z "${SWITCHBOARD_DESKTOP_BIN:-}" ]; then
  (cd "$root" && cargo build --locked -q -p switchboard-desktop --bin switchboard-desktop)
  export SWITCHBOARD_DESKTOP_BIN=$target/debug/switchboard-desktop
fi
[ -x "$SWITCHBOARD_DESKTOP_BIN" ] || {
  echo "desktop: no app binary at $SWITCHBOARD_DESKTOP_BIN (cargo build -p switchboard-desktop)" >&2
  exit 1
}
for tool in dbus-run-session gnome-keyring-daemon Xvfb dunst xdotool xwininfo WebKitWebDriver node; do
  command -v "$tool" >/dev/null || { echo "desktop: $tool is missing (scripts/setup installs it)" >&2; exit 1; }
done

world=$(mktemp -d)
trap 'rm -rf "$world"' EXIT
mkdir -p "$world/home" "$world/run" "$world/data"
chmod 700 "$world/run"
export HOME=$world/home XDG_RUNTIME_DIR=$world/run XDG_DATA_HOME=$world/home/.local/share \
  XDG_CONFIG_HOME=$world/home/.config XDG_CACHE_HOME=$world/home/.cache
export SWITCHBOARD_DATA_DIR=$world/data SWITCHBOARD_LISTEN=127.0.0.1:0 DESKTOP_WORLD=$world
# A fresh data directory would make the window ask "solo or team?" first; these scenarios are
# about the inbox on this computer.
export SWITCHBOARD_MODE=solo
export SWITCHBOARD_SCREENSHOT=${SWITCHBOARD_SCREENSHOT:-$world/screenshot.png}
dbus-run-session -- "$root/tests/desktop/session.sh" "$mode"
