#!/usr/bin/env bash
# Cold-start benchmark: each function's first answer in a fresh JVM (its own jar, C1 only), against a plain Java
# handler that builds the same SDK clients and makes the same first call, both against DynamoDB Local, ElasticMQ
# and PostgreSQL started here; and the function's first request after its SnapStart hooks ran (a simulated primed
# snapshot). Prints jar sizes, medians and ratios; asserts nothing (the numbers depend on the machine).
#
#   infra/bench/cold-start.sh                      # every function, 5 runs each side
#   infra/bench/cold-start.sh --runs 9 --only webhook,health-liveness
#   infra/bench/cold-start.sh --jvm-flags "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
#   infra/bench/cold-start.sh --jars /tmp/main-jars   # the *-lambda.jar files of another build
#   infra/bench/cold-start.sh --no-priming             # hookrun against plain Java only
#
# Builds what it needs first (the function jars, the plain handlers' jar, the driver) with the Maven wrapper;
# COLD_START_SKIP_BUILD=1 skips that when they are already built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# shellcheck source=../bin/java-home.sh
source infra/bin/java-home.sh
JAVA_HOME="$(hookrun_find_java_home)" || exit 1
export JAVA_HOME

if [ "${COLD_START_SKIP_BUILD:-}" != "1" ]; then
  echo "cold-start: building the function jars and the benchmark with $JAVA_HOME ..." >&2
  # Maven's own Guice trips JDK 24+'s sun.misc.Unsafe warning; allow it for this build only.
  if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  if ! ./mvnw -B -q -DskipTests -pl infra/bench -am package >&2; then
    echo "cold-start: the build failed; run ./mvnw -DskipTests -pl infra/bench -am package to see why" >&2
    exit 1
  fi
fi

# The stand-ins log at INFO; only their warnings belong in the report.
java_opts=(-Xshare:auto -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
# DynamoDB Local loads sqlite4java natives, ElasticMQ's Pekko uses sun.misc.Unsafe: newer JDKs warn about both.
if "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1; then
  java_opts+=(--enable-native-access=ALL-UNNAMED)
fi
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  java_opts+=(--sun-misc-unsafe-memory-access=allow)
fi
exec "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "infra/bench/target/classes:infra/bench/target/lib/*" \
  io.hookrun.bench.ColdStartBenchmark --root "$root" "$@"
