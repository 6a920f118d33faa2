// SPDX-License-Identifier: GPL-2.0
/*
 * create-diff-object - build a live patch object from two builds of one
 * kernel object.  See create-diff-object(1).
 */
#include <getopt.h>

#include "cdo.h"
#include "util.h"

static const char usage_text[] =
"usage: create-diff-object [options] ORIG.o PATCHED.o OUTPUT.o\n"
"\n"
"Compare ORIG.o and PATCHED.o (one kernel object built before and after a\n"
"source patch with -ffunction-sections -fdata-sections) and write the changed\n"
"and new functions, with what they need, to OUTPUT.o.\n"
"\n"
"options:\n"
"  --parent FILE           ELF the patch is resolved against: vmlinux, the\n"
"                          target .ko or a .o (default: ORIG.o)\n"
"  --parent-name NAME      'vmlinux' or the module name (default: vmlinux)\n"
"  --symvers FILE          Module.symvers of the target kernel (exports)\n"
"  --types FILE            extra ELF whose DWARF gives special section entry\n"
"                          sizes (e.g. vmlinux when the parent is a module)\n"
"  --entry-size SEC=BYTES  entry size of special section SEC (repeatable)\n"
"  --report FILE           write a JSON report\n"
"  --alias-prefix PREFIX   make changed functions local and give each a global\n"
"                          alias PREFIX+NAME (other than [A-Za-z0-9_] -> '_')\n"
"  --no-verify             do not read OUTPUT.o back to check that every\n"
"                          reference designates what it did in PATCHED.o\n"
"  --debug[=AREA,...]      explain decisions on stderr, of every stage or of\n"
"                          the named ones: elf, decode, parent, dwarf, layout,\n"
"                          correlate, compare, notrace, ignore, refuse,\n"
"                          include, special, output, verify, report, cdo\n"
"  -h, --help              show this help\n"
"  --version               show the version\n"
"\n"
"exit status: 0 output written, 1 error, 2 unsupported change, 3 no change\n"
"\n"
"unsupported changes (exit status 2), as the report names them:\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
	for (size_t i = 0; i < NR_REFUSAL_REASONS; i++)
		fprintf(f, "  %-22s  %s\n", refusal_reasons[i].name, refusal_reasons[i].summary);
}

enum { OPT_PARENT = 256, OPT_PARENT_NAME, OPT_SYMVERS, OPT_TYPES, OPT_ENTRY_SIZE,
       OPT_REPORT, OPT_ALIAS_PREFIX, OPT_NO_VERIFY, OPT_DEBUG, OPT_VERSION };

static const struct option long_opts[] = {
	{ "parent", required_argument, NULL, OPT_PARENT },
	{ "parent-name", required_argument, NULL, OPT_PARENT_NAME },
	{ "symvers", required_argument, NULL, OPT_SYMVERS },
	{ "types", required_argument, NULL, OPT_TYPES },
	{ "entry-size", required_argument, NULL, OPT_ENTRY_SIZE },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "alias-prefix", required_argument, NULL, OPT_ALIAS_PREFIX },
	{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
	{ "debug", optional_argument, NULL, OPT_DEBUG },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static int add_entry_size(struct cdo_opts *o, char *arg)
{
	char *eq = strrchr(arg, '='), *end;
	struct entry_size_opt *n;
	unsigned long size;

	if (!eq || eq == arg || !eq[1]) {
		ERROR("--entry-size needs SECTION=BYTES, got '%s'", arg);
		return -1;
	}
	size = strtoul(eq + 1, &end, 0);
	if (*end || size == 0 || size > 4096) {
		ERROR("--entry-size %s: bad size", arg);
		return -1;
	}
	n = realloc(o->entry_sizes, (o->nr_entry_sizes + 1) * sizeof(*n));
	if (!n) {
		ERROR("out of memory");
		return -1;
	}
	*eq = '\0';
	n[o->nr_entry_sizes++] = (struct entry_size_opt){ arg, size };
	o->entry_sizes = n;
	return 0;
}

static int parse_args(int argc, char **argv, struct cdo_opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_PARENT: o->parent = optarg; break;
		case OPT_PARENT_NAME: o->parent_name = optarg; break;
		case OPT_SYMVERS: o->symvers = optarg; break;
		case OPT_TYPES: o->types = optarg; break;
		case OPT_REPORT: o->report = optarg; break;
		case OPT_ALIAS_PREFIX: o->alias_prefix = optarg; break;
		case OPT_NO_VERIFY: o->no_verify = true; break;
		case OPT_DEBUG:
			if (cdo_set_debug(optarg))
				return -1;
			break;
		case OPT_ENTRY_SIZE:
			if (add_entry_size(o, optarg))
				return -1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("create-diff-object %s\n", CDO_VERSION);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (argc - optind != 3) {
		usage(stderr);
		return -1;
	}
	o->orig = argv[optind];
	o->patched = argv[optind + 1];
	o->output = argv[optind + 2];
	if (!*o->parent_name) {
		ERROR("--parent-name must not be empty");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cdo_opts opts = { .parent_name = "vmlinux" };
	int ret = parse_args(argc, argv, &opts);

	if (ret) {
		free(opts.entry_sizes);
		return ret < 0 ? CDO_EXIT_ERROR : CDO_EXIT_OK;
	}
	ret = cdo_run(&opts);
	free(opts.entry_sizes);
	return ret;
}
