# shellcheck shell=bash
# rpm.sh - kpatch-build --rpm: the signed module as a binary RPM, made by
# kpatch-package (beside kpatch-build, in the tree and installed) once the
# module is in OUTDIR. Its options are checked before anything is built.

RPM=0 RPM_SIGN='' RPM_GPG_HOME='' RPM_VERSION=1 RPM_RELEASE=1

kb_rpm_tool() {
	echo "$(dirname "$(readlink -f "$0")")/kpatch-package"
}

kb_rpm_check_args() {
	[ -n "$RPM_SIGN$RPM_GPG_HOME" ] && RPM=1
	[ "$RPM" = 1 ] || return 0
	[ -x "$(kb_rpm_tool)" ] || die "$(kb_rpm_tool) is missing: --rpm needs kpatch-package"
	command -v rpmbuild >/dev/null || die "--rpm needs rpmbuild (Debian: apt-get install rpm)"
	# RPM's rules: no '-' in Version or Release, and not empty
	[[ $RPM_VERSION =~ ^[A-Za-z0-9._+~^]+$ ]] ||
		die "--rpm-version '$RPM_VERSION': letters, digits and . _ + ~ ^ only (no '-')"
	[[ $RPM_RELEASE =~ ^[A-Za-z0-9._+~^]+$ ]] ||
		die "--rpm-release '$RPM_RELEASE': letters, digits and . _ + ~ ^ only (no '-')"
	[ -z "$RPM_GPG_HOME" ] || [ -d "$RPM_GPG_HOME" ] || die "--rpm-gpg-home $RPM_GPG_HOME is not a directory"
	[ -n "$RPM_SIGN" ] || return 0
	command -v rpmsign >/dev/null || die "--rpm-sign needs rpmsign (Debian: apt-get install rpm)"
	gpg ${RPM_GPG_HOME:+--homedir "$RPM_GPG_HOME"} --batch --list-secret-keys "$RPM_SIGN" >/dev/null 2>&1 ||
		die "--rpm-sign $RPM_SIGN: no such secret key in ${RPM_GPG_HOME:-${GNUPGHOME:-~/.gnupg}}"
}

kb_rpm_package() {
	[ "$RPM" = 1 ] || return 0
	status "Packaging $NAME.ko as an RPM${RPM_SIGN:+ signed by $RPM_SIGN}"
	logged "$(kb_rpm_tool)" -o "$OUTDIR" -k "$KREL" --version "$RPM_VERSION" \
		--release "$RPM_RELEASE" ${RPM_SIGN:+--sign "$RPM_SIGN"} \
		${RPM_GPG_HOME:+--gpg-home "$RPM_GPG_HOME"} "$OUTDIR/$NAME.ko" || {
		grep 'ERROR: ' "$KB_LOG" | tail -3 >&2
		die "kpatch-package could not package $OUTDIR/$NAME.ko (the module is built; log: $KB_LOG)"
	}
	info "RPM: $(sed -n 's/^RPM: //p' "$KB_LOG" | tail -1)"
}
