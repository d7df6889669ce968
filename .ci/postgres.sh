# Sourced by .ci/run: starts a throwaway PostgreSQL server for the postgres
# backend tests and exports KG_TEST_POSTGRES, the URL of a role that may
# create databases (each test makes its own), and a streaming replica of
# it, KG_TEST_POSTGRES_REPLICA (read-only; it has every database the
# primary makes). Installs Debian's postgresql package if there is none.
# The servers live in a temporary directory on 127.0.0.1 on free ports,
# run as a non-root user, and are stopped and removed when the calling
# shell exits.

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(pg_bin)" ]; then
  echo "installing Debian's postgresql package"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo -n"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(pg_bin)
if [ -z "$PG_BIN" ]; then
  echo "no PostgreSQL binaries under /usr/lib/postgresql" >&2
  exit 1
fi

# A free port: the first in 54320–54399 nothing listens on, after $1.
free_port() {
  for p in $(seq $(( ${1:-54319} + 1 )) 54399); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}
PG_PORT=$(free_port)
if [ -z "$PG_PORT" ]; then
  echo "no free port for PostgreSQL in 54320-54399" >&2
  exit 1
fi

PG_DIR=$(mktemp -d)
# initdb refuses to run as root: run the server as the postgres user then.
pg_as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$PG_DIR"
  pg_as=(runuser -u postgres --)
fi
"${pg_as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U kg --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
  { cat "$PG_DIR/initdb.log" >&2; exit 1; }
# start_on DIR LOG PORT OPTIONS... starts a server, on the next free port
# if PORT cannot be bound (nothing listens there, but an outgoing
# connection may hold it as its local port: 54320-54399 lies in Linux's
# ephemeral range); it sets STARTED_PORT.
start_on() {
  local dir=$1 log=$2 port=$3
  shift 3
  for _ in 1 2 3 4 5; do
    if "${pg_as[@]}" "$PG_BIN/pg_ctl" -D "$dir" -l "$log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off $*" start >/dev/null; then
      STARTED_PORT=$port
      return 0
    fi
    grep -q "could not create any TCP/IP sockets" "$log" || break
    echo "PostgreSQL could not bind 127.0.0.1:$port; trying the next free port" >&2
    port=$(free_port "$port")
    [ -n "$port" ] || break
  done
  cat "$log" >&2
  return 1
}
start_on "$PG_DIR/data" "$PG_DIR/server.log" "$PG_PORT" || exit 1
PG_PORT=$STARTED_PORT
stop_postgres() {
  "${pg_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -m immediate stop >/dev/null 2>&1 || true
  "${pg_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
export KG_TEST_POSTGRES="postgres://kg@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (KG_TEST_POSTGRES=$KG_TEST_POSTGRES)"

# The replica: a base backup of the primary that streams its WAL from then
# on (-R writes primary_conninfo and standby.signal), as a hot standby.
# initdb --auth=trust lets 127.0.0.1 connect for replication.
PG_REPLICA_PORT=$(free_port "$PG_PORT")
if [ -z "$PG_REPLICA_PORT" ]; then
  echo "no free port for the PostgreSQL replica in 54320-54399" >&2
  exit 1
fi
"${pg_as[@]}" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U kg -D "$PG_DIR/replica" -R -X stream -c fast >"$PG_DIR/basebackup.log" 2>&1 ||
  { cat "$PG_DIR/basebackup.log" >&2; exit 1; }
start_on "$PG_DIR/replica" "$PG_DIR/replica.log" "$PG_REPLICA_PORT" -c hot_standby=on || exit 1
PG_REPLICA_PORT=$STARTED_PORT
export KG_TEST_POSTGRES_REPLICA="postgres://kg@127.0.0.1:$PG_REPLICA_PORT/postgres?sslmode=disable"
echo "its streaming replica on 127.0.0.1:$PG_REPLICA_PORT (KG_TEST_POSTGRES_REPLICA=$KG_TEST_POSTGRES_REPLICA)"
