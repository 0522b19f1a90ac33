# Sourced by the scripts that run the engine's tools in a JVM of their own (bench-train, bench-bnn, bench-reproduce,
# eval-query, cuda-kit). Packages services/meta-learning-tools and what it depends on (the engine, contracts,
# dataset-format) when any of their sources is newer than the last package, then sets engine_module and
# engine_classpath (its classes and every jar its classpath file names). The classpath file is touched after a
# package: Maven leaves it as it was when the dependencies did not change, and every later run would then package
# again, two scripts at once writing the jars the other's JVM reads.
engine_module=services/meta-learning-tools
engine_classpath_file=$engine_module/target/classpath.txt
if [ ! -f "$engine_classpath_file" ] || [ -n "$(find "$engine_module/src" services/meta-learning/src \
    services/contracts/src services/dataset-format/src -newer "$engine_classpath_file" -print -quit)" ]; then
  mvn -B -q -pl "$engine_module" -am package -DskipTests >&2
  touch "$engine_classpath_file"
fi
engine_classpath="$engine_module/target/classes:$(cat "$engine_classpath_file")"
unset engine_classpath_file
