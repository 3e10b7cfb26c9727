#!/usr/bin/env bash
# The packages installed in a clean Debian root (tests/package/run.sh starts this in a mount
# namespace of its own, with the root unpacked from the debootstrap base):
#
#   chroot.sh ROOT APT_CACHE SERVER_A.deb SERVER_B.deb DESKTOP_B.deb SHOTS_DIR
#
# systemd cannot be PID 1 in a chroot, so the server runs as its unit says, read from the
# installed unit file: User=, Group=, Environment=, EnvironmentFile=, WorkingDirectory=,
# UMask=, NoNewPrivileges= and ExecStart= (through setpriv). Not exercised here: the unit's
# namespacing and seccomp options (ProtectSystem=, SystemCallFilter= …), capabilities,
# StateDirectory=, Restart= and the journal; run.sh has systemd-analyze verify the unit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
R=$(cd "$1" && pwd) apt_cache=$2 server_a=$3 server_b=$4 desktop_b=$5 shots=$6
# shellcheck source=tests/package/lib.sh
. "$here/lib.sh"

mounts=()
display_pid=""
# Every process whose root is the chroot was started here (servers, the app, WebKit's helpers).
stop_chrooted() {
  local signal=$1 p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && kill "-$signal" "${p#/proc/}" 2>/dev/null || true
  done
}
cleanup() {
  local status=$? i
  stop_chrooted TERM
  sleep 1
  stop_chrooted KILL
  [ -z "$display_pid" ] || kill "$display_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true
  done
  exit "$status"
}
trap cleanup EXIT
trap "exit 130" INT TERM HUP
mnt() {
  mount "$@"
  mounts+=("${*: -1}")
}

# A command in the chroot with a clean environment.
in_root() {
  chroot "$R" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

begin "the chroot is ready (proc, sys, shm, apt's cache, resolv.conf, no service starts)"
mnt -t proc proc "$R/proc"
mnt -t sysfs -o ro sysfs "$R/sys"
mnt -t tmpfs -o mode=1777,size=512m tmpfs "$R/dev/shm"
mnt --bind "$apt_cache" "$R/var/cache/apt/archives"
cp -L /etc/resolv.conf "$R/etc/resolv.conf"
# As Debian's build chroots do: maintainer scripts may not start services here.
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
# A network hiccup is retried rather than failing the test.
echo 'Acquire::Retries "3";' >"$R/etc/apt/apt.conf.d/80retries"
chmod 0755 "$R/usr/sbin/policy-rc.d"
mkdir -p "$R/tmp/debs"
cp "$server_a" "$server_b" "$desktop_b" "$R/tmp/debs/"
a=/tmp/debs/$(basename "$server_a") b=/tmp/debs/$(basename "$server_b") desktop=/tmp/debs/$(basename "$desktop_b")
version_a=$(dpkg-deb -f "$server_a" Version) version_b=$(dpkg-deb -f "$server_b" Version)
quiet apt-update in_root apt-get update
ok

# ---- The team server -------------------------------------------------------------------

installed() {
  [ "$(in_root dpkg-query -W -f '${Status} ${Version}' "$1")" = "install ok installed $2" ]
}

begin "server $version_a installs with apt (adduser, libdbus … from deb.debian.org)"
t0=$SECONDS
quiet apt-server-a in_root apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "$a"
check "switchboard-server $version_a is installed" installed switchboard-server "$version_a"
IFS=: read -r _ _ uid _ _ home shell < <(in_root getent passwd switchboard)
check "a system user (uid $uid)" test "$uid" -lt 1000
check "its home is the data directory" test "$home" = /var/lib/switchboard
check "it cannot log in ($shell)" test "$shell" = /usr/sbin/nologin
check "/var/lib/switchboard is the user's alone" \
  test "$(in_root stat -c '%U:%G %a' /var/lib/switchboard)" = "switchboard:switchboard 700"
check "the unit is enabled" test -L "$R/etc/systemd/system/multi-user.target.wants/switchboard.service"
check "switchboard.env is a conffile" \
  bash -c "chroot '$R' dpkg-query -W -f '\${Conffiles}' switchboard-server | grep -q /etc/switchboard/switchboard.env"
echo "package: server $version_a installed in $((SECONDS - t0)) s"
ok

port=""
for candidate in $(shuf -i 20000-45000 -n 20); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate && break; fi
done
begin "the admin edits /etc/switchboard/switchboard.env: listen on 127.0.0.1:$port, two host names"
env_file=$R/etc/switchboard/switchboard.env
sed -i -e "s/^SWITCHBOARD_LISTEN=.*/SWITCHBOARD_LISTEN=127.0.0.1:$port/" \
  -e "s/^#SWITCHBOARD_ALLOW_HOSTS=.*/SWITCHBOARD_ALLOW_HOSTS=crm.example.com,inbox.example.com/" "$env_file"
check "the listen address is set" grep -qx "SWITCHBOARD_LISTEN=127.0.0.1:$port" "$env_file"
check "and the names browsers use" grep -qx "SWITCHBOARD_ALLOW_HOSTS=crm.example.com,inbox.example.com" "$env_file"
ok

password="packaged-password-1"
begin "the first supervisor: switchboard operator add, as the service user on its data directory"
printf '%s\n' "$password" | in_root runuser -u switchboard -- \
  switchboard --data-dir /var/lib/switchboard --secrets file operator add anna --name "Анна Петрова" --role supervisor
check "everything in the data directory belongs to the service user" \
  test -z "$(in_root find /var/lib/switchboard ! -user switchboard)"
ok

unit=$R/lib/systemd/system/switchboard.service
unit_value() { sed -n "s/^$1=//p" "$unit"; }
server_pid=""
serves=0
# Starts ExecStart= in the background as the unit says; SERVE_LOG is its output.
start_as_unit() {
  local user group workdir umask exec env_file line home
  user=$(unit_value User) group=$(unit_value Group) workdir=$(unit_value WorkingDirectory)
  umask=$(unit_value UMask) exec=$(unit_value ExecStart) env_file=$(unit_value EnvironmentFile)
  env_file=${env_file#-}
  check "the unit asks for NoNewPrivileges" test "$(unit_value NoNewPrivileges)" = yes
  home=$(in_root getent passwd "$user" | cut -d: -f6)
  # What systemd gives a unit with User=, then Environment=, then EnvironmentFile= (which wins).
  local env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin "HOME=$home" "USER=$user" "LOGNAME=$user")
  while IFS= read -r line; do env+=("$line"); done < <(unit_value Environment)
  if [ -f "$R$env_file" ]; then
    while IFS= read -r line; do
      case $line in '' | '#'*) continue ;; esac
      line=${line%\"} && line=${line/=\"/=}
      env+=("$line")
    done <"$R$env_file"
  fi
  serves=$((serves + 1))
  SERVE_LOG=$WORK/serve-$serves.log
  chroot "$R" /usr/bin/env -i "${env[@]}" /bin/sh -c \
    'umask "$1" && cd "$2" && exec setpriv --reuid="$3" --regid="$4" --init-groups --no-new-privs -- $5' \
    sh "$umask" "$workdir" "$user" "$group" "$exec" >"$SERVE_LOG" 2>&1 &
  server_pid=$!
}

# Running, not a zombie waiting to be reaped.
alive() {
  local state
  state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]
}
answering() { curl -sf -o /dev/null "http://127.0.0.1:$port/"; }
# Starts the server as its unit says and waits for the API; checks it runs as the unit says.
start_server() {
  start_as_unit
  local deadline=$((SECONDS + 30))
  until answering; do
    if ! alive "$server_pid"; then
      echo "package: the server exited; its log:" >&2
      sed 's/^/    /' "$SERVE_LOG" >&2
      return 1
    fi
    [ "$SECONDS" -lt "$deadline" ] || { echo "package: no answer on $port in 30 s" >&2 && return 1; }
    sleep 0.3
  done
  local status=/proc/$server_pid/status uid
  uid=$(in_root id -u switchboard)
  check "it runs as the service user" grep -Eq "^Uid:\s+$uid\s" "$status"
  check "with no new privileges" grep -Eq '^NoNewPrivs:\s+1' "$status"
  check "with umask 0077" grep -Eq '^Umask:\s+0077' "$status"
  check "in its data directory" test "$(readlink "/proc/$server_pid/cwd")" = "$R/var/lib/switchboard"
}
# SIGTERM, as systemd stops it: it must exit cleanly.
stop_server() {
  kill -TERM "$server_pid"
  local status=0
  wait "$server_pid" || status=$?
  check "the server stopped cleanly on SIGTERM (status $status)" test "$status" -eq 0
}

token=""
api() {
  curl -sS --fail-with-body -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "${2:-{\}}" "http://127.0.0.1:$port/api/$1"
}
customer=+79000000001
thread_texts() { api get_thread "{\"phone\":\"$customer\"}" | jq -r '.messages[].content.text // empty'; }
thread_has() { thread_texts | grep -qxF "$1"; }
has_messages() { thread_texts | grep -q .; }
user_exists() { in_root getent passwd switchboard >/dev/null; }

begin "server $version_a starts as its unit says, answers, signs the supervisor in"
start_server
token=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
  -d "{\"login\":\"anna\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/sign_in" | jq -r .token)
check "a session token" grep -q '^sb_s_' <<<"$token"
info=$(api app_info)
check "app_info names the supervisor" test "$(jq -r '.operator.login + " " + .operator.role' <<<"$info")" = "anna supervisor"
check "it listens where the env file says" grep -q "listening on http://127.0.0.1:$port" "$SERVE_LOG"
host_status() { curl -s -o /dev/null -w '%{http_code}' -H "Host: $1" "http://127.0.0.1:$port/"; }
check "a name from SWITCHBOARD_ALLOW_HOSTS is answered" test "$(host_status inbox.example.com)" = 200
check "another name is not (421)" test "$(host_status elsewhere.example.com)" = 421
ok

begin "data on version $version_a: the sandbox customer's hello, a message sent from the API"
wait_until 30 "the sandbox customer's hello" has_messages
account=$(api list_accounts | jq -r '.[0].id')
api send_message "{\"account_id\":$account,\"to\":\"$customer\",\"content\":{\"kind\":\"text\",\"text\":\"Sent before the upgrade\"}}" >/dev/null
wait_until 30 "the message in the thread" thread_has "Sent before the upgrade"
stop_server
ok

begin "server $version_b installs over $version_a (apt upgrade) and keeps user, settings and data"
before_files=$(in_root find /var/lib/switchboard -maxdepth 1 -type f -printf '%f %u %m\n' | sort)
quiet apt-server-b in_root apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "$b"
check "switchboard-server $version_b is installed" installed switchboard-server "$version_b"
check "the same system user" test "$(in_root id -u switchboard)" = "$uid"
check "the admin's settings are kept" grep -qx "SWITCHBOARD_LISTEN=127.0.0.1:$port" "$env_file"
check "the data directory is untouched" \
  test "$(in_root find /var/lib/switchboard -maxdepth 1 -type f -printf '%f %u %m\n' | sort)" = "$before_files"
check "still the user's alone" \
  test "$(in_root stat -c '%U:%G %a' /var/lib/switchboard)" = "switchboard:switchboard 700"
ok

begin "server $version_b starts on the old data: the same session, the message sent before"
start_server
check "the session from before the upgrade still signs in" \
  test "$(api app_info | jq -r .operator.login)" = anna
check "the message sent before the upgrade is there" thread_has "Sent before the upgrade"
stop_server
ok

begin "a database from a newer Switchboard is refused with a clear message and left byte for byte"
db=$R/var/lib/switchboard/switchboard.sqlite3
check "no write-ahead log left after a clean stop" test ! -e "$db-wal"
# user_version is the big-endian integer at byte 60 of the header: schema 999, "from the future".
printf '\000\000\003\347' | dd of="$db" bs=1 seek=60 count=4 conv=notrunc status=none
sum=$(sha256sum <"$db")
start_as_unit
(sleep 30 && kill -KILL "$server_pid") 2>/dev/null &
watchdog=$!
status=0
wait "$server_pid" || status=$?
kill "$watchdog" 2>/dev/null || true
check "serve exits non-zero (status $status)" test "$status" -ne 0
check "and says why" grep -q "written by a newer Switchboard (schema 999, this build knows" "$SERVE_LOG"
sed 's/^/    /' "$SERVE_LOG"
check "the database is byte for byte as it was" test "$(sha256sum <"$db")" = "$sum"
check "and no journal was left beside it" test ! -e "$db-wal"
ok

begin "remove, then purge: the team's data and the service user are kept"
quiet remove in_root apt-get remove -y switchboard-server
check "the database is still there after remove" test -s "$db"
quiet purge in_root dpkg --purge switchboard-server
check "purge said the data is kept" grep -q "/var/lib/switchboard is kept" "$WORK/purge.log"
check "the database is still there after purge" test "$(sha256sum <"$db")" = "$sum"
check "the user is still there" user_exists
check "purge removed the settings" test ! -e "$env_file"
ok

# ---- The desktop app -------------------------------------------------------------------

begin "the desktop app $version_b installs with apt, its Depends (WebKitGTK 4.1 …) from deb.debian.org"
t0=$SECONDS
quiet apt-desktop in_root apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "$desktop"
check "switchboard-desktop $version_b is installed" installed switchboard-desktop "$version_b"
check "every library the app links is installed" \
  bash -c "! chroot '$R' ldd /usr/bin/switchboard-desktop | grep 'not found'"
listed=$(in_root dpkg -L switchboard-desktop)
for f in /usr/bin/switchboard-desktop /usr/share/applications/switchboard-desktop.desktop \
  /usr/share/icons/hicolor/512x512/apps/switchboard-desktop.png /usr/share/doc/switchboard-desktop/copyright; do
  check "dpkg -L lists $f" grep -qx "$f" <<<"$listed"
done
echo "package: the desktop app and $(grep -o '[0-9]* newly installed' "$WORK/apt-desktop.log") packages" \
  "($(grep -o 'Need to get [^ ]* [kMG]*B' "$WORK/apt-desktop.log" || echo 'all from the cache')) installed in $((SECONDS - t0)) s"
ok

begin "the installed app opens its window on Xvfb (X socket bind-mounted into the chroot)"
exec 5>"$WORK/display"
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
display_pid=$!
exec 5>&-
wait_until 10 "Xvfb" test -s "$WORK/display"
export DISPLAY=:$(cat "$WORK/display")
mkdir -p "$R/tmp/.X11-unix" "$R/tmp/xdg"
chmod 700 "$R/tmp/xdg"
mnt --bind -o ro /tmp/.X11-unix "$R/tmp/.X11-unix"
chroot "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY="$DISPLAY" \
  XDG_RUNTIME_DIR=/tmp/xdg SWITCHBOARD_MODE=solo SWITCHBOARD_SECRETS=file \
  SWITCHBOARD_LISTEN=127.0.0.1:0 switchboard-desktop >"$WORK/desktop.log" 2>&1 &
app_pid=$!
wait_until 60 "the window" xdotool search --name '^Switchboard$'
window=$(xdotool search --name '^Switchboard$' | head -n 1)
wm_class=$(sed -n 's/^StartupWMClass=//p' "$R/usr/share/applications/switchboard-desktop.desktop")
check "the window's WM_CLASS is the .desktop's StartupWMClass ($wm_class)" \
  bash -c "xprop -id $window WM_CLASS | grep -qF '\"$wm_class\"'"
# Rendered: the inbox has far more colours than an empty window.
shot=$shots/desktop.png
rendered() {
  import -window root "$shot" && [ "$(identify -format %k "$shot")" -gt 200 ]
}
wait_until 60 "the inbox to be drawn" rendered
check "the app is still running" alive "$app_pid"
echo "package: the window's screenshot: $shot"
ok
