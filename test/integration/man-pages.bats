#!/usr/bin/env bats
# man-pages.bats - each tool's man page names exactly the long options its
# --help lists (kpatch.1 has its own check in kpatch-cli.bats, with its
# subcommands; create-diff-object.1 is checked by the unit runner).
# Offline.

load lab_helper

# help_opts TOOL - the long options of TOOL --help's option table: its
# first column, up to the gap before the description
help_opts() {
	"$1" --help | grep -E '^ +-' | sed -E 's/^ +//; s/  +.*//' |
		grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

# man_opts PAGE - the long options an mdoc page marks up with Fl (also
# after a comma: .It Fl o , -output)
man_opts() {
	grep -E '^\.(It|Op|Oo)? ?.*Fl ' "$1" | grep -oE '(Fl|,|\|) -[a-z][a-z0-9-]*' |
		sed -E 's/^(Fl|,|\|) /-/' | sort -u
}

@test "kpatch-build.1 and kpatch-build --help name the same options" {
	[ "$(help_opts "$LAB_ROOT/kpatch-build/kpatch-build" | wc -l)" -gt 20 ]
	assert_equal "$(man_opts "$LAB_ROOT/man/kpatch-build.1")" \
		"$(help_opts "$LAB_ROOT/kpatch-build/kpatch-build")"
}

@test "kpatch-package.1 and kpatch-package --help name the same options" {
	[ "$(help_opts "$LAB_ROOT/kpatch-build/kpatch-package" | wc -l)" -gt 8 ]
	assert_equal "$(man_opts "$LAB_ROOT/man/kpatch-package.1")" \
		"$(help_opts "$LAB_ROOT/kpatch-build/kpatch-package")"
}

@test "every man page is mandoc -Tlint clean" {
	run -0 mandoc -Tlint -Wwarning "$LAB_ROOT"/man/*.[1-9]
}
