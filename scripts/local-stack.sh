#!/usr/bin/env bash
# Starts a real Kafka broker (KRaft) and an S3 endpoint on 127.0.0.1, in one JVM, until Ctrl-C.
#   scripts/local-stack.sh [--kafka-port N] [--s3-port N] [--data-dir DIR]
# Defaults: Kafka 127.0.0.1:9092, S3 http://127.0.0.1:9000, data in ./.fewshot (kept across restarts).
# Builds services/local-stack first when its jar is missing or older than its sources.
# Environment: MVN_ARGS (extra Maven flags, e.g. -o), JAVA_OPTS (extra JVM flags),
#              LOCAL_STACK_CDS=0 to run without the class-data archive described below.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$root/services/local-stack"
jar="$module/target/local-stack-0.1.0-SNAPSHOT.jar"
classpath_file="$module/target/classpath.txt"
# Class-data sharing: the first run records the classes it loaded into this archive when it
# exits; later runs map them instead of loading them again (about a third off a cold start).
archive="$module/target/local-stack.jsa"

needs_build() {
    [[ ! -f "$jar" || ! -f "$classpath_file" ]] && return 0
    [[ -n "$(find "$module/src/main" "$module/pom.xml" "$root/pom.xml" -newer "$jar" -print -quit)" ]]
}

if needs_build; then
    echo "Building services/local-stack..." >&2
    rm -f "$archive"
    # shellcheck disable=SC2086
    # -am: the module's siblings (contracts) come from the reactor, not from an install into ~/.m2.
    (cd "$root" && mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -pl services/local-stack -am package -DskipTests) >&2
    # The jar plugin keeps an up-to-date jar's old time stamp; mark it fresh so the check above holds.
    touch "$jar"
fi

cds=()
if [[ "${LOCAL_STACK_CDS:-1}" != 0 ]]; then
    if [[ -f "$archive" ]]; then
        cds=("-XX:SharedArchiveFile=$archive")
    else
        cds=("-XX:ArchiveClassesAtExit=$archive")
    fi
    cds+=("-Xlog:cds=off" "-Xlog:cds+dynamic=off")
fi

# exec: Ctrl-C reaches the JVM directly, whose shutdown hook stops Kafka and S3 cleanly.
# shellcheck disable=SC2086
exec java "${cds[@]}" ${JAVA_OPTS:-} -cp "$jar:$(cat "$classpath_file")" io.fewshot.localstack.LocalStackMain "$@"
