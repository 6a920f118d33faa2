# shellcheck shell=bash
# sign.sh - module signatures (--sign-key, --sign-cert, --sign-hash): the
# key and certificate are checked before anything is built, the modules are
# signed with the kernel's sign-file as the very last step (nothing rewrites
# a .ko after it), and each signature is read back.
#
# sign-file appends a PKCS#7 signature without signed attributes (no
# signing time) and the key is RSA (PKCS#1 v1.5) or ECDSA: with RSA the
# same module and key always give the same signature, byte for byte.

SIGN_KEY=${KPATCH_SIGN_KEY:-} SIGN_CERT=${KPATCH_SIGN_CERT:-} SIGN_HASH=''
SIGN_FILE=''
KB_SIG_TRAILER='~Module signature appended~'

# kb_openssl_pass - how openssl gets the key's passphrase: sign-file's
# KBUILD_SIGN_PIN, or an empty one (never a prompt).
kb_openssl_pass() {
	if [ -n "${KBUILD_SIGN_PIN+set}" ]; then echo env:KBUILD_SIGN_PIN; else echo pass:; fi
}

# kb_x509 CERT ARGS... - openssl x509 on a PEM or DER certificate.
kb_x509() {
	local c=$1
	shift
	openssl x509 -in "$c" "$@" 2>/dev/null || openssl x509 -inform DER -in "$c" "$@" 2>/dev/null
}

# kb_cert_cn CERT subject|issuer - the common name of the certificate's
# subject or issuer.
kb_cert_cn() {
	kb_x509 "$1" -noout "-$2" -nameopt multiline | sed -n 's/^ *commonName *= //p' | head -1
}

# kb_sign_check_args - the signing options, checked with the other
# arguments: both or none of key and cert, a hash sign-file and the kernel
# know, a readable PEM private key, a readable X.509 certificate, and the
# certificate is the key's.
kb_sign_check_args() {
	local kpub cpub err
	if [ -z "$SIGN_KEY$SIGN_CERT" ]; then
		[ -z "$SIGN_HASH" ] || die "--sign-hash $SIGN_HASH needs --sign-key and --sign-cert"
		return 0
	fi
	[ -n "$SIGN_KEY" ] || die "--sign-cert $SIGN_CERT needs --sign-key KEY too (the certificate's private key)"
	[ -n "$SIGN_CERT" ] || die "--sign-key $SIGN_KEY needs --sign-cert CERT too (the key's X.509 certificate)"
	SIGN_HASH=${SIGN_HASH:-sha256}
	case $SIGN_HASH in
	sha256 | sha384 | sha512) ;;
	*) die "--sign-hash takes sha256, sha384 or sha512, not '$SIGN_HASH'" ;;
	esac
	command -v openssl >/dev/null || die "openssl is needed to check the signing key (apt-get install openssl)"
	{ [ -f "$SIGN_KEY" ] && [ -r "$SIGN_KEY" ]; } || die "cannot read signing key $SIGN_KEY (--sign-key)"
	{ [ -f "$SIGN_CERT" ] && [ -r "$SIGN_CERT" ]; } || die "cannot read signing certificate $SIGN_CERT (--sign-cert)"
	SIGN_KEY=$(realpath "$SIGN_KEY")
	SIGN_CERT=$(realpath "$SIGN_CERT")
	kpub=$(openssl pkey -inform PEM -in "$SIGN_KEY" -passin "$(kb_openssl_pass)" -pubout 2>/dev/null) || {
		err="not a PEM private key"
		if grep -q 'ENCRYPTED' "$SIGN_KEY" 2>/dev/null; then
			err="an encrypted key (give its passphrase in KBUILD_SIGN_PIN)"
			[ -z "${KBUILD_SIGN_PIN+set}" ] || err="an encrypted key whose passphrase is not KBUILD_SIGN_PIN"
		fi
		die "signing key $SIGN_KEY is $err (--sign-key)"
	}
	cpub=$(kb_x509 "$SIGN_CERT" -noout -pubkey) ||
		die "signing certificate $SIGN_CERT is not an X.509 certificate in PEM or DER (--sign-cert)"
	[ "$kpub" = "$cpub" ] ||
		die "signing key $SIGN_KEY is not the private key of certificate $SIGN_CERT (their public keys differ)"
	debug "signing with $SIGN_KEY ($SIGN_CERT, $SIGN_HASH)"
}

# kb_sign_find_tool - sign-file of the target: its build tree's (or
# headers'), else the one of Debian's linux-kbuild-X.Y for its series.
# Also say when the target would not check or could not verify the
# signature.
kb_sign_find_tool() {
	local series cand
	[ -n "$SIGN_KEY" ] || return 0
	series=$(sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p' <<<"$KREL")
	for cand in "$KBUILD_DIR/scripts/sign-file" ${series:+"/usr/lib/linux-kbuild-$series/scripts/sign-file"}; do
		[ -x "$cand" ] && { SIGN_FILE=$cand; break; }
	done
	[ -n "$SIGN_FILE" ] ||
		die "no sign-file for $KREL: neither $KBUILD_DIR/scripts/sign-file nor /usr/lib/linux-kbuild-${series:-X.Y}/scripts/sign-file (apt-get install linux-kbuild-${series:-X.Y})"
	grep -qx 'CONFIG_MODULE_SIG=y' "$CONFIG" ||
		warn "$CONFIG: the kernel does not check module signatures (no CONFIG_MODULE_SIG); signing anyway"
	case $SIGN_HASH in
	sha256) cand=CONFIG_CRYPTO_SHA256 ;;
	*) cand=CONFIG_CRYPTO_SHA512 ;;
	esac
	grep -qx 'CONFIG_MODULE_SIG=y' "$CONFIG" && ! grep -qx "$cand=y" "$CONFIG" &&
		warn "$CONFIG: $cand is not built in; the kernel may be unable to check a $SIGN_HASH signature"
	debug "sign-file: $SIGN_FILE"
	return 0
}

# kb_sign_module KO - sign KO in place, then read the signature back: the
# trailer ends the file, modinfo names the certificate's issuer as the
# signer and the hash asked for.
kb_sign_module() {
	local ko=$1 got want
	kb_has_signature "$ko" && die "$ko is signed already; kpatch-build signs only what it built"
	logged "$SIGN_FILE" "$SIGN_HASH" "$SIGN_KEY" "$SIGN_CERT" "$ko" ||
		die "signing ${ko##*/} with $SIGN_FILE failed (key $SIGN_KEY, certificate $SIGN_CERT; see the log)"
	kb_has_signature "$ko" || die "${ko##*/}: no signature trailer after sign-file"
	got=$(modinfo -F sig_hashalgo "$ko" 2>/dev/null || true)
	[ "$got" = "$SIGN_HASH" ] || die "${ko##*/}: modinfo reads signature hash '${got:-none}', expected $SIGN_HASH"
	got=$(modinfo -F signer "$ko" 2>/dev/null || true)
	want=$(kb_cert_cn "$SIGN_CERT" issuer)
	[ "$got" = "$want" ] || die "${ko##*/}: modinfo reads signer '${got:-none}', expected '$want' (the issuer of $SIGN_CERT)"
	debug "signed ${ko##*/}: signer '$got', key $(modinfo -F sig_key "$ko" 2>/dev/null)"
}

# kb_has_signature KO - KO ends with a module signature.
kb_has_signature() {
	tail -c $((${#KB_SIG_TRAILER} + 1)) "$1" 2>/dev/null | cmp -s - <(printf '%s\n' "$KB_SIG_TRAILER")
}

# kb_signature_json KO - the summary's "signature": hash, signer (the
# certificate's subject), key_id (modinfo's sig_key: the certificate's
# serial number, by which sign-file names the key), or null.
kb_signature_json() {
	[ -n "$SIGN_KEY" ] || { echo null; return; }
	jq -n --arg hash "$SIGN_HASH" --arg signer "$(kb_cert_cn "$SIGN_CERT" subject)" \
		--arg key_id "$(modinfo -F sig_key "$1" 2>/dev/null)" \
		'{"hash": $hash, "signer": $signer, "key_id": $key_id}'
}
