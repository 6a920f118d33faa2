# shellcheck shell=bash
# rpm/helper.bash - what rpm.bats and ci-example.bats share: a signed patch
# module built by kpatch-build, throwaway signing keys (module and GPG), and
# a scratch root that `rpm --root` can run the package's scriptlets in.

# rpm_keys DIR - a module signing key and certificate (scripts/make-test-key)
# in DIR/mod, another pair in DIR/other; sets MOD_KEY MOD_CERT OTHER_KEY
# OTHER_CERT.
rpm_keys() {
	local dir=$1 vars
	vars=$("$LAB_ROOT/scripts/make-test-key" "$dir/mod") || return 1
	MOD_KEY=$(sed -n 's/^KEY=//p' <<<"$vars") MOD_CERT=$(sed -n 's/^CERT=//p' <<<"$vars")
	vars=$("$LAB_ROOT/scripts/make-test-key" --cn "another signing key" "$dir/other") || return 1
	OTHER_KEY=$(sed -n 's/^KEY=//p' <<<"$vars") OTHER_CERT=$(sed -n 's/^CERT=//p' <<<"$vars")
	export MOD_KEY MOD_CERT OTHER_KEY OTHER_CERT
}

# gpg_key NAME - a throwaway GnuPG home with one signing key without a
# passphrase; prints "HOME KEYID". The home is short-named under /tmp:
# gpg-agent's socket path must stay under the sun_path limit.
gpg_key() {
	local home keyid
	home=$(mktemp -d /tmp/kpatch-gpg.XXXXXX)
	gpg --homedir "$home" --batch --passphrase '' --quick-gen-key \
		"$1 <kpatch-test@example.invalid>" rsa2048 sign never >/dev/null 2>&1 || return 1
	keyid=$(gpg --homedir "$home" --batch --list-keys --with-colons | awk -F: '$1 == "pub" { print $5; exit }')
	[ -n "$keyid" ] || return 1
	echo "$home $keyid"
}

# gpg_forget HOME - stop its agent and remove it.
gpg_forget() {
	[ -n "${1:-}" ] && [ -d "$1" ] || return 0
	gpgconf --homedir "$1" --kill gpg-agent 2>/dev/null || true
	rm -rf "$1"
}

# signed_patch_module OUT - build examples/cmdline.patch into OUT with
# kpatch-build, signed with MOD_KEY (kpatch-build --sign-key/--sign-cert),
# the core kpatch.ko (signed too) beside it: the core backend, named (the
# test kernel has CONFIG_LIVEPATCH, where the default would pick klp).
signed_patch_module() {
	local out=$1
	"$LAB_ROOT/kpatch-build/kpatch-build" -j2 -v "$LAB_KDIR/vmlinux" -o "$out" --backend core \
		--sign-key "$MOD_KEY" --sign-cert "$MOD_CERT" "$LAB_ROOT/examples/cmdline.patch" >"$out.log" 2>&1 || {
		cat "$out.log" >&2
		return 1
	}
	[ -f "$out/livepatch-cmdline.ko" ] && [ -f "$out/kpatch.ko" ]
}

# sign_ko KEY CERT KO - sign a module the way kpatch-build does.
sign_ko() {
	/usr/lib/linux-kbuild-6.1/scripts/sign-file sha256 "$1" "$2" "$3"
}

# The programs a package's scriptlets and the kpatch CLI run, with the
# shared libraries they need.
SCRATCH_PACKAGES=(bash dash coreutils grep sed mawk findutils kmod diffutils)
SCRATCH_EXTRA=(/usr/bin/getopt /usr/bin/flock /usr/bin/od)

# scratch_root DIR - a minimal root (usrmerged like Debian's) in which
# `rpm --root DIR` can run /bin/sh scriptlets that call bash, coreutils and
# kmod, with an rpm database in DIR/var/lib/rpm.
scratch_root() {
	local root=$1 f d lib
	local -a bins=()
	mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{dev,etc,tmp,var/tmp,var/lib/rpm}
	ln -s usr/bin "$root/bin"
	ln -s usr/sbin "$root/sbin"
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
	mknod -m 0666 "$root/dev/null" c 1 3
	mapfile -t bins < <(dpkg -L "${SCRATCH_PACKAGES[@]}" | grep -E '^/(usr/)?s?bin/[^/]+$' | sort -u)
	bins+=("${SCRATCH_EXTRA[@]}")
	for f in "${bins[@]}"; do
		[ -e "$f" ] || continue
		case $f in */sbin/*) d=usr/sbin ;; *) d=usr/bin ;; esac
		cp -L "$f" "$root/$d/${f##*/}"
	done
	ln -sf dash "$root/usr/bin/sh"
	# every library the programs need, where the loader looks for it
	for lib in $(for f in "${bins[@]}"; do [ -e "$f" ] && ldd "$f" 2>/dev/null; done |
		sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' | sort -u); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
	rpm --root "$root" --dbpath /var/lib/rpm --initdb
}

# scratch_kpatch ROOT - the project's kpatch CLI into ROOT, installed as
# make install does. Prints which one.
scratch_kpatch() {
	make -s -C "$LAB_ROOT/kpatch" install DESTDIR="$1" PREFIX=/usr >/dev/null
	echo "kpatch CLI: $LAB_ROOT/kpatch"
}

# rpm_in ROOT ARGS... - rpm on the scratch root's database.
rpm_in() {
	local root=$1
	shift
	rpm --root "$root" --dbpath /var/lib/rpm "$@"
}
