# Helpers shared by tests/package/run.sh and chroot.sh (sourced, not run).
#
# A step is straight-line code between `begin NAME` and `ok`: any failing command in it ends
# the run (set -e), and the EXIT trap of run.sh names the step. Passed steps are appended to
# $STEPS, which run.sh counts for the `test result:` line.

begin() {
  STEP=$1
  STEP_STARTED=$SECONDS
  printf '%s\n' "$STEP" >"$WORK/current-step"
}

ok() {
  local line
  line="package: ok   $STEP ($((SECONDS - STEP_STARTED)) s)"
  echo "$line"
  echo "$line" >>"$STEPS"
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
  local what=$1
  shift
  if ! "$@"; then
    echo "package: check failed: $what" >&2
    return 1
  fi
}

# quiet NAME COMMAND...: runs a noisy command into $WORK/NAME.log; shows its end if it fails.
quiet() {
  local log=$WORK/$1.log
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "package: '$*' failed; the end of $log:" >&2
    tail -n 40 "$log" | sed 's/^/    /' >&2
    return 1
  fi
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls every half second.
wait_until() {
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "package: gave up after ${limit} s waiting for $what" >&2
      return 1
    fi
    sleep 0.5
  done
}
