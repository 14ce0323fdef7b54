#!/usr/bin/env bash
# Smoke test of the deployment as it ships: builds the image from docker/Dockerfile and runs it the way
# deploy/k8s/relay-sidecar.yaml describes it, with real containers (docs/deploying.md#smoke-test).
#
#   docker/smoke.sh            after `mvn -B -q package -DskipTests` (it packages first when relay.jar is missing)
#
# Engine: `docker` when its daemon answers, else Podman as root with runc, the vfs driver, cgroupfs and file events,
# configured only through CONTAINERS_CONF / CONTAINERS_STORAGE_CONF files of its own (the system's container
# configuration is never read or written; its image store is fresh for every run, under a temporary directory).
# Podman 4.3 keeps two things in fixed places whatever its configuration: its blob-info cache in
# /var/lib/containers/cache (removed at the end when this run made it) and netavark's run state in
# /run/containers/networks.
# Base: eclipse-temurin:17-jre when a registry answers, else a local one: `debootstrap --variant=minbase bookworm`
# from the Debian mirror apt uses, plus openjdk-17-jre-headless, curl and redis-server. It is cached as a tarball
# in $RELAY_SMOKE_CACHE (default /var/cache/relay-smoke), so only the first run pays for it (~2-3 min).
#
# Checks, in order; the first that fails ends the run with "SMOKE FAILED: <check>" and the containers' log tails:
#   image     runs as 10001, has its HEALTHCHECK, leaves nothing in /tmp, carries the CDS archive, its config validates
#   sidecar   the relay with the manifest's config and securityContext (read-only root, a tmpfs at /tmp only, no new
#             privileges, all capabilities dropped, the memory limit); HEALTHCHECK passes, /readyz answers, Netty runs
#             on epoll (unpacked into /tmp); OTLP is not reachable from outside the pod, the admin server's probes are
#   load      an app container in the relay's network namespace (a pod) sends spans over gRPC and HTTP to
#             127.0.0.1; exact counts at the Tempo stand-in (the image itself, with an OTLP receiver) and on the
#             Redis channel (Debian's redis-server, with a password the relay gets from the environment)
#   stop      SIGTERM right after more load: "relay stopped" logged, exit code 0, every span and event delivered
#   secrets   the Redis password appears in nothing the relay printed or served
#   compose   deploy/docker-compose.yaml parses (docker compose or podman-compose, where installed)
# It prints the relay's RSS at idle and after the load, a time per stage, and ends with SMOKE OK.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${RELAY_SMOKE_CACHE:-/var/cache/relay-smoke}
SPANS_PER_PROTOCOL=${RELAY_SMOKE_SPANS:-2000}
STOP_SPANS=1000
NAME=relay-smoke
IMAGE=localhost/relay-smoke:dev
WORK=$(mktemp -d /tmp/relay-smoke.XXXXXX)
# Few containers: with vfs each one is a full copy of its image, made at start and deleted at the end.
CONTAINERS=("$NAME-app" "$NAME-relay" "$NAME-tempo" "$NAME-redis")
SIDECAR_MANIFEST=deploy/k8s/relay-sidecar.yaml

# ---------------------------------------------------------------------------------------------------- reporting
now_ms() { date +%s%3N; }
START_MS=$(now_ms)
STAGE=""
STAGE_MS=$START_MS
stage() {
  local t
  t=$(now_ms)
  if [[ -n $STAGE ]]; then
    printf '   %-28s %6.1f s\n' "$STAGE" "$(((t - STAGE_MS)))e-3"
  fi
  STAGE=$1
  STAGE_MS=$t
  [[ -z $1 ]] || echo "== $1"
}
fail() {
  local check=$1
  shift
  echo "SMOKE FAILED: $check"
  if [[ -s $WORK/engine.log ]]; then
    echo "--- the container engine's messages (tail)"
    tail -15 "$WORK/engine.log"
  fi
  for c in "$@"; do
    echo "--- log tail of $c"
    $ENGINE logs --tail 30 "$c" 2>&1 || true
  done
  exit 1
}
# Polls a command (bounded): await SECONDS WHAT CMD...
await() {
  local limit=$1 what=$2
  shift 2
  local deadline=$(($(date +%s) + limit))
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) >= deadline)); then
      return 1
    fi
    sleep 0.5
  done
}

# The engine with its chatter (Podman without systemd logs errors about healthcheck timers) kept for a failure.
engine() { $ENGINE "$@" 2>>"$WORK/engine.log"; }

CLEANED=""
cleanup() {
  [[ -z $CLEANED ]] || return 0
  CLEANED=1
  set +e
  if [[ -n ${ENGINE:-} ]]; then
    local c
    for c in "${CONTAINERS[@]}"; do # one by one: a missing one must not keep the others running
      if [[ $ENGINE == podman ]]; then podman rm -f -t 0 "$c"; else docker rm -f "$c"; fi
    done >/dev/null 2>&1
    $ENGINE network rm "$NAME-net" >/dev/null 2>&1
  fi
  # Whatever Podman left mounted under $WORK (a container's /dev/shm) would make the rm below fail.
  grep -o " $WORK/[^ ]*" /proc/mounts | xargs -r umount 2>/dev/null
  if [[ -n ${ROOTFS:-} ]]; then
    umount "$ROOTFS/proc" 2>/dev/null
    rm -rf "$ROOTFS"
  fi
  rm -rf "$WORK"
  [[ -z ${VARLIB_MADE_HERE:-} ]] || rm -rf /var/lib/containers
}
trap cleanup EXIT

# ----------------------------------------------------------------------------------------------------- engine
stage "engine"
if [[ ${RELAY_SMOKE_ENGINE:-} != podman ]] && command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  ENGINE=docker
else
  ENGINE=podman
  for tool in podman runc; do
    command -v $tool >/dev/null || { echo "SMOKE FAILED: engine: neither a docker daemon nor $tool (apt-get install podman buildah runc debootstrap)"; exit 1; }
  done
  [[ $(id -u) -eq 0 ]] || { echo "SMOKE FAILED: engine: podman needs root here (runc, vfs)"; exit 1; }
  # Everything Podman keeps goes under $WORK: images, containers, networks, its run state. Only its blob-info
  # cache has a fixed place for root, /var/lib/containers/cache: removed again at the end if this run made it.
  [[ -e /var/lib/containers ]] || VARLIB_MADE_HERE=1
  cat >"$WORK/containers.conf" <<EOF
[containers]
# Podman's defaults (1048576 files) are above this host's hard limits and fail with EPERM.
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$WORK/libpod"
volume_path = "$WORK/volumes"
[network]
network_config_dir = "$WORK/networks"
EOF
  cat >"$WORK/storage.conf" <<EOF
[storage]
driver = "vfs"
runroot = "$WORK/run"
graphroot = "$WORK/storage"
EOF
  export CONTAINERS_CONF=$WORK/containers.conf CONTAINERS_STORAGE_CONF=$WORK/storage.conf
  export CONTAINERS_REGISTRIES_CONF=$WORK/registries.conf
  printf 'unqualified-search-registries = ["docker.io"]\n' >"$WORK/registries.conf"
fi
echo "engine: $ENGINE ($($ENGINE --version 2>/dev/null | head -1))"

# ------------------------------------------------------------------------------------------------------- base
stage "base image"
ARCH=$(uname -m)
if [[ ${RELAY_SMOKE_BASE:-} != local ]] && curl -s -m 5 -o /dev/null https://registry-1.docker.io/v2/; then
  BASE=docker.io/library/eclipse-temurin:17-jre
  REDIS_IMAGE=docker.io/library/redis:7-alpine
  $ENGINE pull -q "$BASE" >/dev/null && $ENGINE pull -q "$REDIS_IMAGE" >/dev/null || fail "base image: pull $BASE"
else
  # No registry: a Debian base made here, once, from the mirror apt is configured with.
  TARBALL=$CACHE/bookworm-$ARCH-jre17.tar
  if [[ ! -s $TARBALL ]]; then
    command -v debootstrap >/dev/null || fail "base image: no registry, and no debootstrap to make a local base"
    MIRROR=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' \
      /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -v security | head -1 || true)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
    echo "no registry reachable: making a local base from $MIRROR (cached in $TARBALL)"
    mkdir -p "$CACHE"
    ROOTFS=$CACHE/rootfs.$$
    debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$WORK/base.log" 2>&1 ||
      { tail -20 "$WORK/base.log"; fail "base image: debootstrap from $MIRROR"; }
    printf '#!/bin/sh\nexit 101\n' >"$ROOTFS/usr/sbin/policy-rc.d" # no service starts in the chroot
    chmod +x "$ROOTFS/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
    mount -t proc proc "$ROOTFS/proc"
    { chroot "$ROOTFS" apt-get update &&
      DEBIAN_FRONTEND=noninteractive chroot "$ROOTFS" apt-get install -y --no-install-recommends \
        openjdk-17-jre-headless curl ca-certificates redis-server redis-tools; } >>"$WORK/base.log" 2>&1 ||
      { umount "$ROOTFS/proc"; tail -20 "$WORK/base.log"; fail "base image: apt-get install in the base"; }
    umount "$ROOTFS/proc"
    chroot "$ROOTFS" apt-get clean
    rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS/usr/sbin/policy-rc.d" "$ROOTFS"/var/log/apt "$ROOTFS"/tmp/*
    : >"$ROOTFS/etc/resolv.conf"
    tar --numeric-owner -C "$ROOTFS" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
    rm -rf "$ROOTFS"
    ROOTFS=""
  fi
  BASE=localhost/relay-smoke-base:bookworm
  REDIS_IMAGE=$BASE
  engine import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$TARBALL" "$BASE" >/dev/null || fail "base image: import $TARBALL"
fi
echo "base: $BASE"

# ------------------------------------------------------------------------------------------------------ build
stage "build"
if [[ ! -s relay-app/target/relay.jar || ! -x relay-app/target/relay ]]; then
  echo "relay-app/target/relay.jar is missing: packaging"
  mvn -B -q package -DskipTests >"$WORK/mvn.log" 2>&1 || { tail -30 "$WORK/mvn.log"; fail "build: mvn package"; }
fi
FORMAT=()
[[ $ENGINE == podman ]] && FORMAT=(--format docker) # an OCI image has no HEALTHCHECK
# One layer for the whole build: with vfs every layer is a full copy of the file system.
[[ $ENGINE == podman ]] && FORMAT+=(--layers=false)
$ENGINE build "${FORMAT[@]}" -f docker/Dockerfile --build-arg "BASE_IMAGE=$BASE" -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
  { tail -40 "$WORK/build.log"; fail "build: docker/Dockerfile"; }
if grep -q '\[warning\]\[cds\]' "$WORK/build.log"; then
  fail "build: the CDS training run is not quiet ($(grep -c '\[cds\]' "$WORK/build.log") CDS lines in the build log)"
fi

stage "image checks"
[[ $($ENGINE image inspect --format '{{.Config.User}}' "$IMAGE") == 10001:10001 ]] || fail "image: USER 10001:10001"
$ENGINE image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE" | grep -q '/healthz' ||
  fail "image: HEALTHCHECK on /healthz (an OCI-format build drops it)"
leftovers=$(engine run --rm --entrypoint /bin/sh "$IMAGE" -c 'ls -A /tmp; test -s /opt/relay/relay.jsa || echo no-relay.jsa;
  /opt/relay/relay validate --config /etc/relay/relay.yaml >/tmp/validate.log 2>&1 || cat /tmp/validate.log')
[[ -z $leftovers ]] || fail "image: nothing left in /tmp, a CDS archive, its config validates: found: $leftovers"

# ---------------------------------------------------------------------------------------------------- sidecar
stage "sidecar start"
$ENGINE network create --subnet "10.89.$((RANDOM % 150 + 100)).0/24" "$NAME-net" >/dev/null ||
  fail "network: create $NAME-net"
REDIS_PASSWORD=smoke-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
engine run -d --name "$NAME-redis" --network "$NAME-net" "$REDIS_IMAGE" \
  redis-server --save '' --appendonly no --requirepass "$REDIS_PASSWORD" >/dev/null || fail "redis: start"
redis_cli() { $ENGINE exec "$NAME-redis" redis-cli --no-auth-warning -a "$REDIS_PASSWORD" "$@"; }
redis_up() { [[ $(redis_cli ping 2>/dev/null) == PONG ]]; }
await 30 "redis" redis_up || fail "redis: PING" "$NAME-redis"
# The subscriber counts what the relay publishes; --csv puts each message on one line.
# A client in the Redis container, as any subscriber of the activity feed would be; it ends with the container.
redis_cli --csv SUBSCRIBE luthien:activity >"$WORK/subscriber.log" 2>&1 &
subscribed() { grep -q '^"subscribe","luthien:activity",1' "$WORK/subscriber.log"; }
await 30 "subscribed" subscribed || fail "redis: SUBSCRIBE luthien:activity ($(head -c 300 "$WORK/subscriber.log"))" "$NAME-redis"

# The Tempo stand-in: the image itself, receiving OTLP/gRPC and counting what it accepted.
mkdir -p "$WORK/tempo" "$WORK/sidecar"
cat >"$WORK/tempo/relay.yaml" <<'EOF'
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
exporters:
  debug:
    verbosity: basic
service:
  admin:
    endpoint: 0.0.0.0:13133
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
EOF
chmod -R a+rX "$WORK/tempo" "$WORK/sidecar"
engine run -d --name "$NAME-tempo" --network "$NAME-net" --tmpfs /tmp -v "$WORK/tempo:/etc/relay:ro" "$IMAGE" >/dev/null ||
  fail "tempo stand-in: start"
await 60 "tempo" $ENGINE exec "$NAME-tempo" curl -fsS -o /dev/null http://127.0.0.1:13133/readyz ||
  fail "tempo stand-in: /readyz" "$NAME-tempo"
# The sum of a counter's series on an admin server, read from inside the container.
metric() {
  $ENGINE exec "$1" curl -fsS http://127.0.0.1:13133/metrics 2>/dev/null |
    awk -v m="$2" -v f="${3:-}" 'index($0, m "{") == 1 && index($0, f) { s += $NF } END { printf "%d\n", s }'
}

# The relay as the sidecar manifest runs it: its ConfigMap's config, its environment (the Secret's password),
# its securityContext and volumes (the config read-only, an emptyDir at /tmp), its memory limit.
awk '/^  relay.yaml: \|/ { on = 1; next } on && /^(---|[^ ])/ { exit } on { sub(/^    /, ""); print }' \
  "$SIDECAR_MANIFEST" >"$WORK/sidecar/relay.yaml"
grep -q 'receivers:' "$WORK/sidecar/relay.yaml" || fail "sidecar: no relay.yaml in $SIDECAR_MANIFEST's ConfigMap"
LIMIT=$(awk '/limits:/ { on = 1 } on && /memory:/ { print $2; exit }' "$SIDECAR_MANIFEST")
[[ $LIMIT =~ ^([0-9]+)Mi$ ]] || fail "sidecar: memory limit '$LIMIT' in $SIDECAR_MANIFEST is not <n>Mi"
LIMIT_MIB=${BASH_REMATCH[1]}
READONLY=(--read-only)
[[ $ENGINE == podman ]] && READONLY+=(--read-only-tmpfs=false) # only the volumes the manifest declares
engine run -d --name "$NAME-relay" --network "$NAME-net" \
  "${READONLY[@]}" --tmpfs /tmp:rw,size=16m,mode=1777 --cap-drop ALL --security-opt no-new-privileges \
  --memory "${LIMIT_MIB}m" --user 10001:10001 -v "$WORK/sidecar:/etc/relay:ro" \
  -e POD_NAME=smoke-pod -e "TEMPO_ENDPOINT=$NAME-tempo:4317" -e "REDIS_URL=redis://$NAME-redis:6379" \
  -e "REDIS_PASSWORD=$REDIS_PASSWORD" "$IMAGE" run --config /etc/relay/relay.yaml >/dev/null || fail "sidecar: start"
relay_exec() { $ENGINE exec "$NAME-relay" "$@"; }

stage "sidecar checks"
if [[ $ENGINE == podman ]]; then
  await 60 "healthy" podman healthcheck run "$NAME-relay" || fail "sidecar: HEALTHCHECK" "$NAME-relay"
else
  healthy() { [[ $(docker inspect --format '{{.State.Health.Status}}' "$NAME-relay") == healthy ]]; }
  await 60 "healthy" healthy || fail "sidecar: HEALTHCHECK" "$NAME-relay"
fi
await 60 "ready" relay_exec curl -fsS -o /dev/null http://127.0.0.1:13133/readyz ||
  fail "sidecar: /readyz ($(relay_exec curl -sS http://127.0.0.1:13133/readyz 2>&1 | head -c 300))" "$NAME-relay"
[[ $(relay_exec id -u) == 10001 ]] || fail "sidecar: runs as 10001"
status=$(relay_exec cat /proc/1/status)
grep -q '^CapEff:[[:space:]]*0000000000000000$' <<<"$status" || fail "sidecar: no effective capabilities"
grep -q '^CapBnd:[[:space:]]*0000000000000000$' <<<"$status" || fail "sidecar: all capabilities dropped"
grep -q '^NoNewPrivs:[[:space:]]*1$' <<<"$status" || fail "sidecar: no new privileges"
for dir in / /opt/relay /etc/relay /var/tmp /home; do
  ! relay_exec sh -c "touch $dir/.smoke" 2>/dev/null || fail "sidecar: $dir is read-only"
done
relay_exec sh -c 'touch /tmp/.smoke' || fail "sidecar: /tmp (the emptyDir) is writable"
# What /tmp is for: Netty unpacks its epoll transport there (else it silently falls back to NIO).
relay_exec grep -q netty_transport_native_epoll /proc/1/maps || fail "sidecar: Netty's epoll transport is loaded"
limit=$(relay_exec sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes')
[[ $limit == $((LIMIT_MIB * 1024 * 1024)) ]] || fail "sidecar: memory limit ${LIMIT_MIB}Mi (cgroup says $limit)"
# From another container on the network: OTLP is the pod's own (loopback only), the admin probes answer.
$ENGINE exec "$NAME-tempo" curl -sS -m 5 -o /dev/null "http://$NAME-relay:4318/v1/traces" 2>/dev/null &&
  fail "sidecar: OTLP/HTTP must not be reachable from outside the pod"
$ENGINE exec "$NAME-tempo" curl -fsS -m 5 -o /dev/null "http://$NAME-relay:13133/healthz" ||
  fail "sidecar: /healthz must be reachable on the pod's IP (probes)" "$NAME-relay"
rss() { relay_exec awk '/^VmRSS/ { printf "%d MiB\n", $2 / 1024 }' /proc/1/status; }
RSS_IDLE=$(rss)
echo "relay RSS at idle: $RSS_IDLE"

# ------------------------------------------------------------------------------------------------------- load
# The app: a container in the relay's network namespace (what a pod is), sending to 127.0.0.1 as an app's
# OTLP exporter does. It is the image's own load generator, `relay gen`: spans with one selected event each, at
# 1000 spans/s by default (RELAY_SMOKE_RATE; 0 is unpaced). Unpaced, on a busy 2-core machine, the HTTP burst
# (~2300 spans/s) outran the Redis route: 100 of 4000 events were dropped as queue_full, its queue of 1000 messages
# dropping the oldest when full, as designed. Should a count be short, the relay's non-zero counters are printed.
# One app container for all the sends, started once the relay's namespace exists.
engine run -d --name "$NAME-app" --network "container:$NAME-relay" --read-only --tmpfs /tmp \
  --cap-drop ALL --security-opt no-new-privileges --user 10001:10001 --entrypoint sleep "$IMAGE" infinity >/dev/null ||
  fail "app: start in the relay's network namespace"
app() {
  $ENGINE exec "$NAME-app" /opt/relay/relay \
    gen --protocol "$1" --endpoint "127.0.0.1:$2" --count "$3" --duration 0 --rate "${RELAY_SMOKE_RATE:-1000}" --batch 50 --workers 2 \
    --events 1 --event-name gateway.request_received >"$WORK/app-$1.log" 2>&1 ||
    { cat "$WORK/app-$1.log"; fail "load: relay gen over $1 to 127.0.0.1:$2" "$NAME-relay"; }
  grep '^relay gen:' "$WORK/app-$1.log"
}
delivered() {
  local want=$1 at_tempo at_redis
  at_tempo=$(metric "$NAME-tempo" relay_receiver_accepted_spans_total)
  at_redis=$(grep -c '^"message","luthien:activity"' "$WORK/subscriber.log" || true)
  echo "$at_tempo $at_redis"
  [[ $at_tempo -eq $want && $at_redis -eq $want ]]
}
check_delivered() {
  local want=$1 what=$2 got
  await 60 "$what" delivered "$want" || true
  got=$(delivered "$want" || true)
  if [[ $got != "$want $want" ]]; then
    echo "the relay's counters:"
    $ENGINE exec "$NAME-relay" curl -fsS http://127.0.0.1:13133/metrics 2>/dev/null |
      grep -E '^relay_(receiver_accepted|exporter_(sent|dropped|send_failed)|redis_(published|dropped))' |
      grep -v ' 0\.0$' || true
    fail "$what: $want spans at the Tempo stand-in and $want events on luthien:activity (got: ${got/ / and })" \
      "$NAME-relay" "$NAME-tempo"
  fi
  echo "$what: $want spans at the Tempo stand-in, $want events on the Redis channel"
}

stage "load (gRPC + HTTP)"
app grpc 4317 "$SPANS_PER_PROTOCOL"
app http 4318 "$SPANS_PER_PROTOCOL"
TOTAL=$((2 * SPANS_PER_PROTOCOL))
check_delivered $TOTAL "load"
for transport in grpc http; do
  got=$(metric "$NAME-relay" relay_receiver_accepted_spans_total "transport=\"$transport\"")
  [[ $got -eq $SPANS_PER_PROTOCOL ]] || fail "load: the relay accepted $SPANS_PER_PROTOCOL spans over $transport (got $got)"
done
RSS_LOAD=$(rss)
echo "relay RSS after the load: $RSS_LOAD"
for path in /metrics /readyz /healthz; do # for the secrets check
  relay_exec curl -sS "http://127.0.0.1:13133$path" >>"$WORK/served.txt" 2>&1 || true
done

# ------------------------------------------------------------------------------------------------------- stop
stage "stop (SIGTERM)"
app grpc 4317 $STOP_SPANS
# Within the manifest's terminationGracePeriodSeconds, as the kubelet stops a pod: SIGTERM, then SIGKILL.
GRACE=$(awk '/terminationGracePeriodSeconds:/ { print $2; exit }' "$SIDECAR_MANIFEST")
engine stop -t "${GRACE:-20}" "$NAME-relay" >/dev/null
code=$($ENGINE inspect --format '{{.State.ExitCode}}' "$NAME-relay")
$ENGINE logs "$NAME-relay" >"$WORK/relay.log" 2>&1
grep -q 'relay stopped' "$WORK/relay.log" || fail "stop: 'relay stopped' logged (exit code $code)" "$NAME-relay"
[[ $code == 0 ]] || fail "stop: exit code 0 after SIGTERM (got $code)" "$NAME-relay"
check_delivered $((TOTAL + STOP_SPANS)) "stop"

stage "secrets"
grep -q relay_receiver_accepted_spans_total "$WORK/served.txt" || fail "secrets: /metrics was read"
if grep -lF "$REDIS_PASSWORD" "$WORK/relay.log" "$WORK/served.txt" "$WORK"/app-*.log; then
  fail "secrets: the Redis password appears in what the relay printed or served (files above)"
fi
echo "the Redis password is in none of: the relay's log, /metrics, /readyz, /healthz"

stage "compose"
if docker compose version >/dev/null 2>&1; then
  docker compose -f deploy/docker-compose.yaml config -q || fail "compose: docker compose config"
  echo "deploy/docker-compose.yaml parses (docker compose)"
elif [[ $ENGINE == podman ]] && command -v podman-compose >/dev/null; then
  # podman-compose 1.0 has no `config`: a dry run parses the file and prints the podman commands it would run
  # (it does create the project's network, in this run's own Podman configuration).
  podman-compose --dry-run -f deploy/docker-compose.yaml up >"$WORK/compose.log" 2>&1 ||
    { tail -20 "$WORK/compose.log"; fail "compose: podman-compose parses deploy/docker-compose.yaml"; }
  grep -q -- '-p 127.0.0.1:4317:4317' "$WORK/compose.log" ||
    { tail -20 "$WORK/compose.log"; fail "compose: podman-compose reads the relay's ports as 127.0.0.1:4317"; }
  echo "deploy/docker-compose.yaml parses (podman-compose --dry-run)"
else
  echo "skipped: neither docker compose nor podman-compose is installed"
fi

stage "cleanup"
cleanup
stage ""
printf 'relay RSS: %s idle, %s after %d spans\n' "$RSS_IDLE" "$RSS_LOAD" "$TOTAL"
printf 'total %.1f s\n' "$(($(now_ms) - START_MS))e-3"
echo "SMOKE OK"
