#!/bin/sh
# A throwaway PostgreSQL cluster for the tests: started in a temporary folder, listening only on
# a Unix socket inside it, stopped and deleted afterwards. PostgreSQL refuses to run as root, so
# as root the cluster runs as the `postgres` system user (created by Debian's package).
#
#   scripts/pg_throwaway.sh start DIR   prints the connection URL on stdout (exit 77: no server)
#   scripts/pg_throwaway.sh stop DIR    stops the cluster and removes DIR
set -eu
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
start)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "pg_throwaway: no PostgreSQL server installed (Debian package postgresql)" >&2; exit 77
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "pg_throwaway: running as root and there is no postgres user to run the server as" >&2; exit 77
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as "$bin/initdb" -D "$dir/data" -U newsdesk -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { echo "pg_throwaway: initdb failed: see $dir/initdb.log" >&2; cat "$dir/initdb.log" >&2; exit 77; }
    as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1 || { echo "pg_throwaway: server did not start: see $dir/server.log" >&2; cat "$dir/server.log" >&2; exit 77; }
    as "$bin/createdb" -h "$dir" -U newsdesk newsdesk >/dev/null
    echo "postgresql:///newsdesk?host=$dir&user=newsdesk"
    ;;
stop)
    [ -d "$dir/data" ] && as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
