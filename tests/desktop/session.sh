#!/usr/bin/env bash
# Inside the private D-Bus session that run.sh opened: keychain, display, notification
# server and WebDriver, then the test or the benchmark. Stops only what it started.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=$1
world=$DESKTOP_WORLD
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# The real keychain: gnome-keyring's Secret Service, unlocked (no prompt on a headless bus).
printf 'desktop-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null

# A display of our own; Xvfb picks a free number and tells us.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$world/display" 2>"$world/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$world/display" ] && break; sleep 0.05; done
export DISPLAY=":$(cat "$world/display")"

# The real notification server, and a record of every notification on the bus.
dunst >"$world/dunst.log" 2>&1 &
pids+=($!)
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
  >"$world/notifications.log" 2>&1 &
pids+=($!)
export NOTIFICATIONS_LOG=$world/notifications.log

# WebKitWebDriver straight (tauri-driver is flaky here); without this variable the session hangs.
port=$(free_port)
TAURI_WEBVIEW_AUTOMATION=true WebKitWebDriver --port="$port" >"$world/webdriver.log" 2>&1 &
pids+=($!)
export WEBDRIVER_URL=http://127.0.0.1:$port
for _ in $(seq 100); do
  node -e "fetch('$WEBDRIVER_URL/status').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" && break
  sleep 0.1
done

status=0
node "$here/$mode.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  for log in webdriver dunst xvfb; do
    echo "--- $log.log (tail)"
    tail -n 20 "$world/$log.log" 2>/dev/null || true
  done
fi
exit "$status"
