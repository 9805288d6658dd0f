#!/usr/bin/env bash
# neo4j.sh starts and stops a local Neo4j Community 5.26 for development and
# tests. The jars come from Maven Central (cmd/neo4j-dev/pom.xml) and run
# under the small launcher beside this script; nothing is installed.
#
#   cmd/neo4j-dev/neo4j.sh start    fetch jars once, start, wait for Bolt
#   cmd/neo4j-dev/neo4j.sh stop     stop the server started by "start"
#   cmd/neo4j-dev/neo4j.sh status   say whether Bolt answers
#   cmd/neo4j-dev/neo4j.sh with CMD...
#                                   run CMD with NEO4J_URI pointing at a
#                                   throwaway Neo4j (NEO4J_BOLT_ADDR, default
#                                   127.0.0.1:7688, state in .neo4j/test),
#                                   started before and stopped after; with
#                                   NEO4J_URI already set it just runs CMD,
#                                   and without Java or Maven it says loudly
#                                   that Neo4j tests will skip and runs CMD
#
# Everything lives in .neo4j/ at the repository root (git-ignored): lib/ for
# the jars, data/ for the database, neo4j.pid and neo4j.log. A second
# instance needs its own NEO4J_STATE_DIR and NEO4J_BOLT_ADDR.
#
# Settings, from the environment:
#   NEO4J_BOLT_ADDR     Bolt listen address, default 127.0.0.1:7687
#   NEO4J_PASSWORD      when set, auth is on: user neo4j with this password
#   NEO4J_KEEP_DATA     set to 1 to keep .neo4j/data; by default start wipes it
#   NEO4J_START_TIMEOUT seconds to wait for Bolt, default 120
#   NEO4J_HEAP          JVM heap, default 1g
#   NEO4J_STATE_DIR     folder for data/, the pid file and the log, default .neo4j
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lib="$root/.neo4j/lib"
# NEO4J_DEV_DIR is this setting's former name.
state="${NEO4J_STATE_DIR:-${NEO4J_DEV_DIR:-$root/.neo4j}}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
data="$state/data"
pidfile="$state/neo4j.pid"
logfile="$state/neo4j.log"

addr="${NEO4J_BOLT_ADDR:-127.0.0.1:7687}"
host="${addr%:*}"
port="${addr##*:}"
timeout="${NEO4J_START_TIMEOUT:-120}"
heap="${NEO4J_HEAP:-1g}"

die() {
	echo "neo4j.sh: $*" >&2
	exit 1
}

# answering reports whether something accepts TCP connections on the Bolt
# address and speaks Bolt: it sends the Bolt handshake (magic 0x6060B017 and
# four version proposals: 5.0-5.4, then 4.0) and expects a 4-byte version back.
answering() {
	local reply
	reply="$(
		{ exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || exit 1
		printf '\x60\x60\xb0\x17\x00\x04\x04\x05\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00' >&3
		timeout 2 head -c 4 <&3 | od -An -tx1 | tr -d ' \n'
	)" 2>/dev/null || return 1
	[[ -n "$reply" && "$reply" != "00000000" ]]
}

running_pid() {
	[[ -f "$pidfile" ]] || return 1
	local pid
	pid="$(cat "$pidfile")"
	[[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
	echo "$pid"
}

fetch() {
	if [[ -f "$lib/.complete" ]]; then
		return
	fi
	command -v mvn >/dev/null || die "mvn not found: install Maven 3 to fetch Neo4j from Maven Central"
	echo "neo4j.sh: fetching Neo4j jars into .neo4j/lib (once)"
	rm -rf "$lib"
	mkdir -p "$lib"
	mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" \
		|| die "maven could not fetch the Neo4j jars (see the output above)"
	touch "$lib/.complete"
}

start() {
	if answering; then
		echo "neo4j.sh: Neo4j already answering on bolt://$addr"
		return 0
	fi
	if pid="$(running_pid)"; then
		die "a Neo4j started here (pid $pid) is running but not answering on $addr; run '$0 stop' first"
	fi
	command -v java >/dev/null || die "java not found: install a Java 17 JDK (Neo4j 5.26 needs Java 17)"
	fetch
	mkdir -p "$state"
	if [[ "${NEO4J_KEEP_DATA:-}" != "1" ]]; then
		rm -rf "$data"
	fi
	mkdir -p "$data"
	echo "neo4j.sh: starting Neo4j on bolt://$addr (data in $data, log in $logfile)"
	# The --add-opens flags let Neo4j reach the JDK internals it needs on
	# Java 17; without java.nio it fails with a LinkageError.
	NEO4J_BOLT_ADDR="$addr" nohup java "-Xmx$heap" \
		--add-opens java.base/java.nio=ALL-UNNAMED \
		--add-opens java.base/java.lang=ALL-UNNAMED \
		--add-opens java.base/sun.nio.ch=ALL-UNNAMED \
		--add-opens java.base/java.io=ALL-UNNAMED \
		--add-opens java.base/java.util=ALL-UNNAMED \
		--add-opens java.base/java.util.concurrent=ALL-UNNAMED \
		-cp "$lib/*" "$here/Launcher.java" "$data" >"$logfile" 2>&1 </dev/null &
	local pid=$!
	echo "$pid" >"$pidfile"
	local began=$SECONDS deadline=$((SECONDS + timeout))
	# Ready means Bolt answers the handshake and the launcher has finished
	# its own set-up (the password), which it reports in the log.
	while ! { answering && grep -q '^neo4j-dev: bolt listening' "$logfile"; }; do
		if ! kill -0 "$pid" 2>/dev/null; then
			rm -f "$pidfile"
			tail -n 30 "$logfile" >&2 || true
			die "Neo4j exited during start-up (log: $logfile)"
		fi
		if ((SECONDS >= deadline)); then
			tail -n 30 "$logfile" >&2 || true
			kill "$pid" 2>/dev/null || true
			rm -f "$pidfile"
			die "Neo4j did not answer on $addr within ${timeout}s (log: $logfile)"
		fi
		sleep 1
	done
	echo "neo4j.sh: Neo4j ready on bolt://$addr (pid $pid, up in $((SECONDS - began))s)"
	if [[ -n "${NEO4J_PASSWORD:-}" ]]; then
		echo "neo4j.sh: auth on: user neo4j, password from NEO4J_PASSWORD"
	else
		echo "neo4j.sh: auth off"
	fi
}

stop() {
	local pid
	if ! pid="$(running_pid)"; then
		rm -f "$pidfile"
		if answering; then
			echo "neo4j.sh: something answers on $addr but was not started by this script; leaving it alone"
		else
			echo "neo4j.sh: not running"
		fi
		return 0
	fi
	kill "$pid"
	local deadline=$((SECONDS + 60))
	while kill -0 "$pid" 2>/dev/null; do
		if ((SECONDS >= deadline)); then
			echo "neo4j.sh: pid $pid did not stop within 60s; killing it" >&2
			kill -9 "$pid" 2>/dev/null || true
			break
		fi
		sleep 0.5
	done
	rm -f "$pidfile"
	echo "neo4j.sh: stopped (pid $pid)"
}

status() {
	if answering; then
		if pid="$(running_pid)"; then
			echo "neo4j.sh: running on bolt://$addr (pid $pid)"
		else
			echo "neo4j.sh: something answers on bolt://$addr (not started by this script)"
		fi
		return 0
	fi
	if pid="$(running_pid)"; then
		echo "neo4j.sh: pid $pid is running but bolt://$addr does not answer (yet)"
		return 1
	fi
	echo "neo4j.sh: not running"
	return 3
}

# with runs a command against a throwaway Neo4j (make test, make bench).
with() {
	if [[ -n "${NEO4J_URI:-}" ]]; then
		"$@"
		return
	fi
	if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
		echo "!!! neo4j.sh: Java or Maven missing: Neo4j tests will be SKIPPED (set NEO4J_URI to use a running Neo4j)" >&2
		"$@"
		return
	fi
	start
	local rc=0
	NEO4J_URI="bolt://$addr" "$@" || rc=$?
	stop
	return $rc
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
with)
	shift
	[[ $# -gt 0 ]] || die "with needs a command"
	if [[ -z "${NEO4J_URI:-}" ]]; then
		addr="${NEO4J_BOLT_ADDR:-127.0.0.1:7688}"
		host="${addr%:*}"
		port="${addr##*:}"
		state="${NEO4J_STATE_DIR:-$root/.neo4j/test}"
		mkdir -p "$state"
		data="$state/data"
		pidfile="$state/neo4j.pid"
		logfile="$state/neo4j.log"
	fi
	trap 'stop >/dev/null 2>&1 || true' INT TERM
	with "$@"
	;;
*)
	echo "usage: $0 start|stop|status|with CMD..." >&2
	exit 2
	;;
esac
