# Throwaway PostgreSQL cluster on a free loopback port, for tests.
# Source this file, then call pg_start and pg_stop (pg_stop is safe to call twice).
# pg_start exports DATABASE_URL (SQLAlchemy form) and IOREVIEW_PG_DIR.

_pg_bin() {
    if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_pg_run() {
    # initdb refuses to run as root, so server commands run as the postgres user then.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    local bin port dir
    bin=$(_pg_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "pg.sh: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2
        return 1
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/ioreview-pg.XXXXXX")
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    if ! _pg_run "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1
    fi
    if ! _pg_run "$bin/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
        cat "$dir/server.log" >&2; rm -rf "$dir"; return 1
    fi
    _pg_run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres app
    export IOREVIEW_PG_DIR="$dir" IOREVIEW_PG_BIN="$bin" IOREVIEW_PG_PORT="$port"
    export DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/app"
}

pg_stop() {
    local dir="${IOREVIEW_PG_DIR:-}"
    [ -n "$dir" ] || return 0
    if [ -d "$dir/data" ]; then
        _pg_run "${IOREVIEW_PG_BIN:-$(_pg_bin)}/pg_ctl" stop -D "$dir/data" -m fast -w >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    unset IOREVIEW_PG_DIR DATABASE_URL
}
