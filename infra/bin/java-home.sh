# Sourced by ./hookrun and .ci/run: finds a JDK >= 21 (hookrun compiles Java 21 bytecode for Lambda's java21).
# hookrun_find_java_home prints its path (JAVA_HOME when it qualifies, else the newest JDK found in the usual
# install folders), or explains on stderr what it found and returns 1.

hookrun_java_major() { # $1 = a JDK home; prints its major version, or nothing when it is not a JDK
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1
}

hookrun_find_java_home() {
  local candidate major best="" best_major=0 seen=""
  if [ -n "${JAVA_HOME:-}" ]; then
    major="$(hookrun_java_major "$JAVA_HOME")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$JAVA_HOME"
      return 0
    fi
    [ -n "$major" ] && seen="$seen\n  $JAVA_HOME (Java $major, from JAVA_HOME)"
  fi
  local candidates=()
  while IFS= read -r candidate; do candidates+=("$candidate"); done < <(
    ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
          /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null)
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    major="$(hookrun_java_major "$candidate")"
    [ -n "$major" ] || continue
    seen="$seen\n  $candidate (Java $major)"
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
    return 0
  fi
  {
    echo "hookrun needs a JDK 21 or newer (it builds Java 21 bytecode for the Lambda java21 runtime)."
    if [ -n "$seen" ]; then echo -e "Found only:$seen"; else echo "Found no JDK (looked at JAVA_HOME and /usr/lib/jvm)."; fi
    echo "Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it."
  } >&2
  return 1
}
