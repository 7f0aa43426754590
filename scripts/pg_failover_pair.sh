#!/usr/bin/env bash
# A PostgreSQL primary and its synchronous standby on this machine, for failover drills
# (tests/e2e/test_failover.py; docs/operations.md, "Failover on PostgreSQL").
#
#   scripts/pg_failover_pair.sh up [DIR]           make both clusters in DIR (an empty
#                                                  directory; default: a new temporary one);
#                                                  prints DIR=, PRIMARY_PORT=, STANDBY_PORT=
#                                                  once the standby is in sync
#   scripts/pg_failover_pair.sh kill-primary DIR   kill -9 the primary's postmaster and
#                                                  every process it started, at once
#   scripts/pg_failover_pair.sh promote DIR        pg_ctl promote the standby, then let it
#                                                  commit alone (no standby is left to wait for)
#   scripts/pg_failover_pair.sh down DIR           stop whatever still runs, remove DIR
#
# The primary runs with synchronous_commit = on and synchronous_standby_names naming the
# standby (application_name standby1), made by pg_basebackup -R: a commit is acknowledged
# only once the standby has flushed it. Both listen on 127.0.0.1 only, on free ports,
# with their sockets in DIR: a server on 5432 is never touched.
#
# Server binaries: $PG_BINDIR if set (and only there), else `pg_config --bindir`, else
# the newest /usr/lib/postgresql/*/bin. initdb refuses to run as root: as root, every server
# command runs as $PG_OS_USER (default postgres) through runuser.
#
# Exit codes: 0 done; 3 no server binaries, or no user to run them as (a test skips);
# 1 anything else (up removes what it made before it fails).
set -euo pipefail

MARKER=.pg-failover-pair
STANDBY_NAME=standby1

die() { echo "pg_failover_pair: $2" >&2; exit "$1"; }

bindir() {
    local dir candidates
    if [ -n "${PG_BINDIR:-}" ]; then
        candidates=$PG_BINDIR
    else
        candidates="$(pg_config --bindir 2>/dev/null || true)
$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)"
    fi
    for dir in $candidates; do
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_basebackup" ]; then
            echo "$dir"
            return
        fi
    done
    die 3 "no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup); set PG_BINDIR"
}

BIN=""
OWNER=""

# Run a server command as the clusters' owner (root may not own a cluster).
as_owner() {
    if [ -n "$OWNER" ]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

setup() {
    BIN=$(bindir)
    if [ "$(id -u)" = 0 ]; then
        OWNER=${PG_OS_USER:-postgres}
        id "$OWNER" >/dev/null 2>&1 || die 3 "running as root and no user $OWNER to own the clusters"
        command -v runuser >/dev/null || die 3 "running as root and no runuser"
    fi
}

free_ports() {
    # Two ports free at once (bound together, so they differ), released for the servers.
    python3 - <<'EOF'
import socket
held = [socket.socket() for _ in range(2)]
for s in held:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))
for s in held:
    s.close()
EOF
}

sql() {  # sql PORT STATEMENT...: as the superuser, over TCP, one value per line
    local port=$1
    shift
    local statement args=()
    for statement in "$@"; do args+=(-c "$statement"); done
    "$BIN/psql" -X -q -At -h 127.0.0.1 -p "$port" -U postgres -d postgres "${args[@]}"
}

ours() {  # refuse to act on a directory this script did not make
    [ -n "${1:-}" ] && [ -f "$1/$MARKER" ] || die 1 "${1:-(none)} is not a directory made by 'up'"
}

failed_up() {  # say what the logs say, then leave nothing behind
    local log
    for log in "$1/initdb.log" "$1/primary.log" "$1/standby.log"; do
        if [ -f "$log" ]; then tail -n 3 "$log" >&2; fi
    done
    down "$1" >/dev/null 2>&1 || true
}

up() {
    local dir=${1:-} primary standby
    if [ -z "$dir" ]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/pg-failover.XXXXXX")
    elif [ -n "$(ls -A "$dir" 2>/dev/null)" ] || ! [ -d "$dir" ]; then
        die 1 "$dir is not an empty directory"
    fi
    touch "$dir/$MARKER"
    # Whatever fails from here on, nothing is left running or on disk.
    trap "failed_up '$dir'" EXIT
    if [ -n "$OWNER" ]; then chown "$OWNER" "$dir"; fi
    cd "$dir"  # the owner must be able to stand in the working directory
    read -r primary standby < <(free_ports)

    as_owner "$BIN/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C \
        --no-sync >"$dir/initdb.log" 2>&1
    cat >>"$dir/primary/postgresql.conf" <<EOF
# pg_failover_pair: a primary that acknowledges a commit once its standby has it.
listen_addresses = '127.0.0.1'
port = $primary
unix_socket_directories = '$dir'
max_connections = 40
shared_buffers = 16MB
fsync = on
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
synchronous_standby_names = '$STANDBY_NAME'
EOF
    as_owner "$BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 30 start >/dev/null

    # -R: standby.signal and primary_conninfo (with our application_name) in the copy.
    as_owner "$BIN/pg_basebackup" -h 127.0.0.1 -p "$primary" -U postgres \
        -d "application_name=$STANDBY_NAME" -D "$dir/standby" -R -X stream -c fast \
        --no-sync >>"$dir/initdb.log" 2>&1
    cat >>"$dir/standby/postgresql.auto.conf" <<EOF
port = $standby
cluster_name = '$STANDBY_NAME'
EOF
    as_owner "$BIN/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -t 30 start >/dev/null

    local tries=0
    until [ "$(sql "$primary" "SELECT sync_state FROM pg_stat_replication
            WHERE application_name = '$STANDBY_NAME'")" = sync ]; do
        tries=$((tries + 1))
        [ "$tries" -lt 300 ] || die 1 "the standby did not become synchronous within 30 s"
        sleep 0.1
    done
    trap - EXIT
    echo "DIR=$dir"
    echo "PRIMARY_PORT=$primary"
    echo "STANDBY_PORT=$standby"
}

alive() {  # whether any of these processes still runs (a zombie has closed its sockets)
    local pid
    for pid in "$@"; do
        if [ -r "/proc/$pid/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
            return 0
        fi
    done
    return 1
}

kill_primary() {
    local dir=$1 pid children
    ours "$dir"
    pid=$(head -n 1 "$dir/primary/postmaster.pid")
    # The backends, the WAL sender and the rest, listed before the postmaster dies (they
    # are reparented after); all killed in one call, as a machine losing power.
    children=$(ps -o pid= --ppid "$pid" || true)
    # shellcheck disable=SC2086 # one pid a word
    kill -9 "$pid" $children
    local tries=0
    # shellcheck disable=SC2086
    while alive "$pid" $children; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || die 1 "the primary's processes outlived kill -9 for 10 s"
        sleep 0.1
    done
    # Fenced: the dead primary is never started again, and `down` never signals a pid
    # from its stale pid file, which another process may have by then.
    rm -f "$dir/primary/postmaster.pid"
    echo "KILLED=$pid $(echo $children)"
}

promote() {
    local dir=$1 port
    ours "$dir"
    port=$(sed -n 's/^port = //p' "$dir/standby/postgresql.auto.conf" | tail -n 1)
    as_owner "$BIN/pg_ctl" -D "$dir/standby" -w -t 30 promote >/dev/null
    # Its configuration, copied from the primary, names standby1 (itself) as the standby
    # to wait for, so every commit would wait for ever: alone now, it commits without
    # one (Patroni's synchronous_mode_strict would instead refuse writes until a new
    # standby is attached).
    sql "$port" "ALTER SYSTEM SET synchronous_standby_names = ''" "SELECT pg_reload_conf()" \
        >/dev/null
    echo "PROMOTED=$port"
}

down() {
    local dir=$1 node
    ours "$dir"
    for node in standby primary; do
        if [ -f "$dir/$node/postmaster.pid" ]; then
            as_owner "$BIN/pg_ctl" -D "$dir/$node" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        fi
    done
    rm -rf "$dir"
}

main() {
    setup
    case "${1:-}" in
        up) up "${2:-}" ;;
        kill-primary) kill_primary "${2:-}" ;;
        promote) promote "${2:-}" ;;
        down) down "${2:-}" ;;
        *) die 1 "usage: $0 up [DIR] | kill-primary DIR | promote DIR | down DIR" ;;
    esac
}

main "$@"
