#!/usr/bin/env bash
# Runs the desktop app for real and drives it over WebDriver, in a private world: a temporary
# home and data directory, a private D-Bus session with an unlocked gnome-keyring (the real
# keychain) and dunst (the real notification server), an Xvfb display, WebKitWebDriver.
#
#   tests/desktop/run.sh         both scenarios below, each in a world of its own
#   tests/desktop/run.sh e2e     solo (e2e.mjs): the inbox on this computer; a screenshot of the
#                                window is kept in the temporary world (scripts/screenshots
#                                refreshes the README's pictures, so tests never touch tracked files)
#   tests/desktop/run.sh team    team (team.mjs): the app as a client of `switchboard serve`,
#                                through the server being killed and started again
#   tests/desktop/run.sh bench   cold start to first paint and idle memory (bench.mjs)
#
# Builds the debug binaries (ui/dist must be built), or runs SWITCHBOARD_DESKTOP_BIN (and
# SWITCHBOARD_BIN, the server, for the team scenario).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=${1:-all}
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$root/$target ;; esac
if [ -z "${SWITCHBOARD_DESKTOP_BIN:-}" ]; then
  (cd "$root" && cargo build --locked -q -p switchboard-desktop --bin switchboard-desktop)
  export SWITCHBOARD_DESKTOP_BIN=$target/debug/switchboard-desktop
fi
if [ -z "${SWITCHBOARD_BIN:-}" ] && [ "$mode" != e2e ] && [ "$mode" != bench ]; then
  (cd "$root" && cargo build --locked -q -p switchboard-server --bin switchboard)
  export SWITCHBOARD_BIN=$target/debug/switchboard
fi
[ -x "$SWITCHBOARD_DESKTOP_BIN" ] || {
  echo "desktop: no app binary at $SWITCHBOARD_DESKTOP_BIN (cargo build -p switchboard-desktop)" >&2
  exit 1
}
for tool in dbus-run-session gnome-keyring-daemon Xvfb dunst xdotool xwininfo WebKitWebDriver node; do
  command -v "$tool" >/dev/null || { echo "desktop: $tool is missing (scripts/setup installs it)" >&2; exit 1; }
done

# One scenario in a world of its own: nothing (data, keychain, display) carries over.
run_in_world() (
  local scenario=$1
  world=$(mktemp -d)
  trap 'rm -rf "$world"' EXIT
  mkdir -p "$world/home" "$world/run" "$world/data"
  chmod 700 "$world/run"
  export HOME=$world/home XDG_RUNTIME_DIR=$world/run XDG_DATA_HOME=$world/home/.local/share \
    XDG_CONFIG_HOME=$world/home/.config XDG_CACHE_HOME=$world/home/.cache
  export SWITCHBOARD_DATA_DIR=$world/data SWITCHBOARD_LISTEN=127.0.0.1:0 DESKTOP_WORLD=$world
  if [ "$scenario" = team ]; then
    # Its own picture, never the README's (scripts/screenshots names the solo window's).
    export SWITCHBOARD_SCREENSHOT=$world/screenshot.png
  else
    export SWITCHBOARD_SCREENSHOT=${SWITCHBOARD_SCREENSHOT:-$world/screenshot.png}
    # A fresh data directory would make the window ask "solo or team?" first; these
    # scenarios are about the inbox on this computer. The team scenario makes that choice.
    export SWITCHBOARD_MODE=solo
  fi
  local status=0
  dbus-run-session -- "$root/tests/desktop/session.sh" "$scenario" 2>&1 | tee "$world/out.log" ||
    status=$?
  # scripts/test counts result lines: a scenario that died before printing one is a failure.
  if [ "$scenario" != bench ] && ! grep -q '^test result:' "$world/out.log"; then
    echo "test result: FAILED. 0 passed; 1 failed; (desktop $scenario printed no result)"
  fi
  return "$status"
)

case $mode in
  all)
    status=0
    run_in_world e2e || status=1
    run_in_world team || status=1
    exit "$status"
    ;;
  *) run_in_world "$mode" ;;
esac
