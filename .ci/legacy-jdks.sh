#!/usr/bin/env bash
# Provides OpenJDK 8, 11 and 21 beside the machine's own JDKs, from Debian packages, without touching the
# machine's apt set-up (private sources list, state and cache) and without root:
#   11  openjdk-11-jdk-headless from bullseye: runs as unpacked once conf/ stops pointing into /etc.
#   8   openjdk-8-jdk-headless from sid, 21 openjdk-21-jdk-headless from trixie: both need a newer glibc than
#       bookworm's, so their binaries get sid's loader as interpreter and an rpath to sid's libc6, libstdc++6,
#       libgcc-s1 and zlib1g, unpacked beside them (patchelf).
# Usage: .ci/legacy-jdks.sh [cache-dir]   (default $OPSAGENT_JDKS or ~/.cache/opsagent-jdks)
# Result: <cache-dir>/jdk-8, jdk-11, jdk-21, each a JDK home with bin/java and bin/jcmd (8 also lib/tools.jar).
# The integration tests' Jdks class looks in the same directory. Cached: a second run only checks and exits.
set -euo pipefail

CACHE="${1:-${OPSAGENT_JDKS:-$HOME/.cache/opsagent-jdks}}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
MIRROR="${OPSAGENT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# feature version -> "suite packages..."
declare -A WANT=(
  [8]="sid openjdk-8-jdk-headless openjdk-8-jre-headless"
  [11]="bullseye openjdk-11-jdk-headless openjdk-11-jre-headless"
  [21]="trixie openjdk-21-jdk-headless openjdk-21-jre-headless"
)
# Which ones need sid's C runtime beside them.
NEEDS_SID_LIBC=" 8 21 "
SID_LIBS="libc6 libstdc++6 libgcc-s1 zlib1g"

works() { # a provided JDK is done when its java and jcmd run (and 8 has tools.jar for attach)
  local home="$CACHE/jdk-$1"
  [ -f "$home/.complete" ] && "$home/bin/java" -version >/dev/null 2>&1 && [ -x "$home/bin/jcmd" ] \
    && { [ "$1" != 8 ] || [ -f "$home/lib/tools.jar" ]; }
}

todo=()
for v in 8 11 21; do works "$v" || todo+=("$v"); done
if [ "${#todo[@]}" -eq 0 ]; then
  echo "legacy JDKs ready in $CACHE: $(cd "$CACHE" && ls -d jdk-* | tr '\n' ' ')"
  exit 0
fi
command -v patchelf >/dev/null || { echo "patchelf is missing: apt-get install patchelf" >&2; exit 1; }

# --- private apt: its own sources list, state, cache and config (the machine's apt.conf.d is not read) ---
APT="$CACHE/apt"
mkdir -p "$APT/state/lists/partial" "$APT/cache/archives/partial" "$APT/debs"
: > "$APT/status"
cat > "$APT/sources.list" <<EOF
deb [signed-by=$KEYRING] $MIRROR bullseye main
deb [signed-by=$KEYRING] $MIRROR trixie main
deb [signed-by=$KEYRING] $MIRROR sid main
EOF
cat > "$APT/apt.conf" <<EOF
Dir::Etc::Parts "/nonexistent";
Dir::Etc::PreferencesParts "/nonexistent";
Dir::Etc::Preferences "/nonexistent";
Acquire::Languages "none";
Acquire::Check-Valid-Until "false";
EOF
apt_private() {
  APT_CONFIG="$APT/apt.conf" apt-get -q \
    -o Dir::Etc::sourcelist="$APT/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
    -o Dir::State="$APT/state" -o Dir::State::status="$APT/status" -o Dir::Cache="$APT/cache" \
    -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)" "$@"
}
if [ ! -f "$APT/state/updated" ] || [ -n "$(find "$APT/state/updated" -mmin +1440)" ]; then
  apt_private update >"$APT/update.log" 2>&1 || { cat "$APT/update.log" >&2; exit 1; }
  touch "$APT/state/updated"
fi

download() { # suite pkg... -> .deb files in $APT/debs (kept: the cache)
  local suite="$1"; shift
  local p args=()
  for p in "$@"; do args+=("$p/$suite"); done
  (cd "$APT/debs" && apt_private download "${args[@]}" >>"$APT/download.log" 2>&1) \
    || { tail -20 "$APT/download.log" >&2; exit 1; }
}
deb_of() { ls -t "$APT/debs/$1"_*.deb | head -1; }

# Replaces absolute symlinks into the package's own /etc (conf/, security, jvm.cfg) by the unpacked files.
fix_links() {
  local root="$1" home="$2" link target
  while IFS= read -r link; do
    target="$(readlink "$link")"
    case "$target" in
      /*) if [ -e "$root$target" ] || [ -L "$root$target" ]; then
            rm "$link"; cp -L "$root$target" "$link" 2>/dev/null || cp -rL "$root$target" "$link"
          fi ;;
    esac
  done < <(find "$home" -type l)
}

patch_elves() { # home sid-libdir
  local home="$1" lib="$2" f old interp
  interp="$lib/ld-linux-x86-64.so.2"
  while IFS= read -r f; do
    head -c 4 "$f" | grep -q $'\x7fELF' || continue
    old="$(patchelf --print-rpath "$f" 2>/dev/null || true)"
    case ":$old:" in *":$lib:"*) ;; *) patchelf --set-rpath "$lib${old:+:$old}" "$f" ;; esac
    if patchelf --print-interpreter "$f" >/dev/null 2>&1; then patchelf --set-interpreter "$interp" "$f"; fi
  done < <(find "$home" -type f \( -perm -u+x -o -name '*.so' -o -name '*.so.*' \))
}

SIDROOT="$CACHE/sid-libc"
SIDLIB="$SIDROOT/lib/x86_64-linux-gnu"
ensure_sid_libc() {
  [ -f "$SIDROOT/.complete" ] && return
  rm -rf "$SIDROOT"; mkdir -p "$SIDROOT"
  download sid $SID_LIBS
  local p; for p in $SID_LIBS; do dpkg -x "$(deb_of "$p")" "$SIDROOT"; done
  # usrmerge: sid ships libs under usr/lib; one directory for rpath and the loader
  if [ -d "$SIDROOT/usr/lib/x86_64-linux-gnu" ]; then
    mkdir -p "$SIDLIB"; cp -a "$SIDROOT/usr/lib/x86_64-linux-gnu/." "$SIDLIB/"
  fi
  [ -e "$SIDLIB/ld-linux-x86-64.so.2" ] || { echo "sid loader not found in $SIDROOT" >&2; exit 1; }
  touch "$SIDROOT/.complete"
}

for v in "${todo[@]}"; do
  read -r suite pkgs <<<"${WANT[$v]}"
  echo "providing JDK $v from Debian $suite ..." >&2
  download "$suite" $pkgs
  root="$CACHE/.unpack-$v"; rm -rf "$root"; mkdir -p "$root"
  for p in $pkgs; do dpkg -x "$(deb_of "$p")" "$root"; done
  home="$(ls -d "$root"/usr/lib/jvm/java-"$v"-openjdk-* | head -1)"
  fix_links "$root" "$home"
  if [[ "$NEEDS_SID_LIBC" == *" $v "* ]]; then ensure_sid_libc; patch_elves "$home" "$SIDLIB"; fi
  if [ "$v" = 8 ] && [ ! -f "$home/release" ]; then echo 'JAVA_VERSION="1.8.0"' > "$home/release"; fi
  rm -rf "$CACHE/jdk-$v"
  mv "$root" "$CACHE/.root-$v.new"; rm -rf "$CACHE/.root-$v"; mv "$CACHE/.root-$v.new" "$CACHE/.root-$v"
  ln -sfn ".root-$v/${home#"$root"/}" "$CACHE/jdk-$v"
  touch "$CACHE/jdk-$v/.complete"
  if ! works "$v"; then
    echo "JDK $v unpacked in $CACHE/jdk-$v but does not run:" >&2; "$CACHE/jdk-$v/bin/java" -version >&2 || true; exit 1
  fi
  "$CACHE/jdk-$v/bin/java" -version 2>&1 | head -1 >&2
done
echo "legacy JDKs ready in $CACHE: $(cd "$CACHE" && ls -d jdk-* | tr '\n' ' ')"
