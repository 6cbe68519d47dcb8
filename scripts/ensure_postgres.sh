#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster when it is installed but not running (tests need it).
set -u
host=${PGHOST_TEST:-127.0.0.1}
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p 5432; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p 5432 && exit 0
    sleep 1
  done
fi
echo "PostgreSQL is not available at $host:5432; its tests will be skipped (or fail under CI)." >&2
exit 0
