// SPDX-License-Identifier: GPL-2.0
/*
 * test_state - a patch that declares system state STATE_ID (version
 * STATE_VERSION): pre_patch sets it up, or takes it over from the installed
 * patch; post_unpatch tears it down.  test_state2 (same version, replace)
 * and test_state3 (version 2, replace) include this file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "kpatch.h"

#ifndef STATE_VERSION
#define STATE_VERSION 1
#define STATE_REPLACE false
#endif
#define STATE_ID 42

static struct kpatch_patch patch;

static int pre_patch(struct kpatch_object *obj)
{
	struct kpatch_state *state = kpatch_get_state(&patch, STATE_ID);
	struct kpatch_state *prev = kpatch_get_prev_state(STATE_ID);

	if (prev && prev->data) {
		state->data = prev->data;
		pr_info("pre_patch: taking over state %d version %u (\"%s\")\n",
			STATE_ID, prev->version, (char *)state->data);
		return 0;
	}
	state->data = kasprintf(GFP_KERNEL, "set up by %s", KBUILD_MODNAME);
	if (!state->data)
		return -ENOMEM;
	pr_info("pre_patch: setting up state %d version %u\n", STATE_ID,
		state->version);
	return 0;
}

static void post_unpatch(struct kpatch_object *obj)
{
	struct kpatch_state *state = kpatch_get_state(&patch, STATE_ID);

	pr_info("post_unpatch: releasing state %d (\"%s\")\n", STATE_ID,
		(char *)state->data);
	kfree(state->data);
	state->data = NULL;
}

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: this has been live patched\n", THIS_MODULE->name);
	return 0;
}

static struct kpatch_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = new_cmdline_proc_show },
	{ }
};

static struct kpatch_object objs[] = {
	{
		.funcs = funcs,
		.callbacks = { .pre_patch = pre_patch,
			       .post_unpatch = post_unpatch },
	},
	{ }
};

static struct kpatch_state states[] = {
	{ .id = STATE_ID, .version = STATE_VERSION },
	{ }
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.states = states,
	.replace = STATE_REPLACE,
};

static int __init test_state_init(void)
{
	return kpatch_enable_patch(&patch);
}

static void __exit test_state_exit(void)
{
}

module_init(test_state_init);
module_exit(test_state_exit);
MODULE_LICENSE("GPL");
