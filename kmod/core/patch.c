// SPDX-License-Identifier: GPL-2.0
/*
 * redirection with ftrace.
 *
 * Each patched old function has one kpatch_ops: an ftrace_ops filtered on
 * the function's ftrace call and a stack of kpatch_funcs whose top is the
 * version that runs.  An empty stack or a NOP on top runs the original.
 * The ops is registered (with an empty stack) before a transition and the
 * stack changes only in the transition's stop_machine callback, so the
 * handler never sees a half-done switch.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/ftrace.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include "core.h"

struct kpatch_ops {
	struct list_head node;		/* in kpatch_ops_list */
	unsigned long old_addr;
	struct ftrace_ops fops;
	struct list_head func_stack;	/* kpatch_func.stack_node, RCU */
};

/* All kpatch_ops; protected by kpatch_mutex. */
static LIST_HEAD(kpatch_ops_list);

static void notrace kpatch_ftrace_handler(unsigned long ip,
					  unsigned long parent_ip,
					  struct ftrace_ops *fops,
					  struct ftrace_regs *fregs)
{
	struct kpatch_ops *ops = container_of(fops, struct kpatch_ops, fops);
	struct kpatch_func *func;
	int bit;

	/* Disables preemption: the RCU read side for func_stack. */
	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (WARN_ON_ONCE(bit < 0))
		return;

	/*
	 * Pairs with list_add_rcu()/list_del_rcu() in kpatch_push_object()
	 * and kpatch_pop_object(), which run while every CPU is stopped.
	 */
	func = list_first_or_null_rcu(&ops->func_stack, struct kpatch_func,
				      stack_node);
	if (func && !func->nop)
		ftrace_regs_set_instruction_pointer(fregs,
						    (unsigned long)func->new_func);

	ftrace_test_recursion_unlock(bit);
}

static struct kpatch_ops *kpatch_find_ops(unsigned long old_addr)
{
	struct kpatch_ops *ops;

	list_for_each_entry(ops, &kpatch_ops_list, node)
		if (ops->old_addr == old_addr)
			return ops;
	return NULL;
}

/*
 * register_ftrace_function() says -EBUSY for two reasons: ftrace allows one
 * IPMODIFY ops per function, and refuses PERMANENT ops while the sysctl
 * kernel.ftrace_enabled is 0.  Tell the user which.
 */
static void kpatch_register_error(struct kpatch_func *func, int ret)
{
	int *ftrace_enabled;

	if (ret != -EBUSY) {
		pr_err("failed to register ftrace handler for function '%s' (%d)\n",
		       func->old_name, ret);
		return;
	}
	ftrace_enabled =
		(int *)kpatch_call(kallsyms_lookup_name)("ftrace_enabled");
	if (ftrace_enabled && !READ_ONCE(*ftrace_enabled))
		pr_err("cannot redirect function '%s': ftrace is disabled (sysctl kernel.ftrace_enabled=0)\n",
		       func->old_name);
	else
		pr_err("cannot redirect function '%s': another ftrace user already redirects it (the kernel's livepatch, another live patching tool, or a kprobe that changes the IP)\n",
		       func->old_name);
}

static struct kpatch_ops *kpatch_get_ops(struct kpatch_func *func)
{
	unsigned long ip = kpatch_call(ftrace_location)(func->old_addr);
	struct kpatch_ops *ops;
	int ret;

	ops = kpatch_find_ops(func->old_addr);
	if (ops)
		return ops;
	if (!ip) {
		pr_err("failed to find location for function '%s'\n",
		       func->old_name);
		return ERR_PTR(-EINVAL);
	}
	ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return ERR_PTR(-ENOMEM);
	ops->old_addr = func->old_addr;
	INIT_LIST_HEAD(&ops->func_stack);
	ops->fops.func = kpatch_ftrace_handler;
	ops->fops.flags = FTRACE_OPS_FL_DYNAMIC | FTRACE_OPS_FL_IPMODIFY |
			  FTRACE_OPS_FL_PERMANENT;
#ifndef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
	ops->fops.flags |= FTRACE_OPS_FL_SAVE_REGS;
#endif
	ret = ftrace_set_filter_ip(&ops->fops, ip, 0, 0);
	if (ret) {
		pr_err("failed to set ftrace filter for function '%s' (%d)\n",
		       func->old_name, ret);
		goto err_free;
	}
	ret = register_ftrace_function(&ops->fops);
	if (ret) {
		kpatch_register_error(func, ret);
		goto err_free;
	}
	list_add(&ops->node, &kpatch_ops_list);
	return ops;

err_free:
	/* also what a failed ftrace_set_filter_ip() allocated */
	ftrace_free_filter(&ops->fops);
	kfree(ops);
	return ERR_PTR(ret);
}

/* Unregister the ops of @old_addr if no func is on its stack any more. */
static void kpatch_put_ops(unsigned long old_addr)
{
	struct kpatch_ops *ops = kpatch_find_ops(old_addr);

	if (!ops || !list_empty(&ops->func_stack))
		return;
	WARN_ON(unregister_ftrace_function(&ops->fops));
	/*
	 * Removing the address would leave the ops' filter hash allocated:
	 * free the hashes themselves (kmemleak on the debug kernel sees it).
	 */
	ftrace_free_filter(&ops->fops);
	list_del(&ops->node);
	kfree(ops);
}

static int kpatch_resolve_func(struct kpatch_object *obj,
			       struct kpatch_func *func)
{
	unsigned long off;
	int ret;

	ret = kpatch_find_symbol(obj->name, obj->mod, func->old_name,
				 func->old_sympos, &func->old_addr);
	if (ret)
		return ret;
	if (!kpatch_call(kallsyms_lookup_size_offset)(func->old_addr,
						      &func->old_size, &off)) {
		pr_err("kallsyms size lookup failed for '%s'\n",
		       func->old_name);
		return -ENOENT;
	}
	if (func->nop)
		return 0;
	if (!kpatch_call(kallsyms_lookup_size_offset)((unsigned long)func->new_func,
						      &func->new_size, &off)) {
		pr_err("kallsyms size lookup failed for '%s' replacement\n",
		       func->old_name);
		return -ENOENT;
	}
	return 0;
}

/* Resolve @obj's functions and register their ftrace ops. */
int kpatch_prepare_object(struct kpatch_object *obj)
{
	struct kpatch_func *func;
	struct kpatch_ops *ops;
	int ret;

	lockdep_assert_held(&kpatch_mutex);

	kpatch_for_each_func(obj, func) {
		ret = kpatch_resolve_func(obj, func);
		if (ret)
			goto err;
		ops = kpatch_get_ops(func);
		if (IS_ERR(ops)) {
			ret = PTR_ERR(ops);
			func->old_addr = 0;
			goto err;
		}
	}
	return 0;
err:
	kpatch_release_object(obj);
	return ret;
}

/* Undo kpatch_prepare_object() for funcs that are not on a stack. */
void kpatch_release_object(struct kpatch_object *obj)
{
	struct kpatch_func *func;

	lockdep_assert_held(&kpatch_mutex);

	kpatch_for_each_func(obj, func) {
		if (!func->old_addr || func->on_stack)
			continue;
		kpatch_put_ops(func->old_addr);
		func->old_addr = 0;
	}
}

/* Called with every CPU stopped (or no redirection possible yet). */
void kpatch_push_object(struct kpatch_object *obj)
{
	struct kpatch_func *func;
	struct kpatch_ops *ops;

	kpatch_for_each_func(obj, func) {
		ops = kpatch_find_ops(func->old_addr);
		if (WARN_ON(!ops || func->on_stack))
			continue;
		list_add_rcu(&func->stack_node, &ops->func_stack);
		func->on_stack = true;
	}
	obj->patched = true;
}

/* Called with every CPU stopped, or for funcs that are not on top. */
void kpatch_pop_object(struct kpatch_object *obj)
{
	struct kpatch_func *func;

	kpatch_for_each_func(obj, func) {
		if (!func->on_stack)
			continue;
		list_del_rcu(&func->stack_node);
		func->on_stack = false;
	}
	obj->patched = false;
}

/*
 * The code that runs for @func's old function now: the top of its stack,
 * or the original when the stack is empty or a NOP is on top.
 */
unsigned long kpatch_active_addr(struct kpatch_func *func,
				 unsigned long *size)
{
	struct kpatch_ops *ops = kpatch_find_ops(func->old_addr);
	struct kpatch_func *top = NULL;

	if (ops)
		top = list_first_entry_or_null(&ops->func_stack,
					       struct kpatch_func, stack_node);
	if (top && !top->nop) {
		*size = top->new_size;
		return (unsigned long)top->new_func;
	}
	*size = func->old_size;
	return func->old_addr;
}

/* Is @func the version that runs for its old function? */
bool kpatch_func_is_top(struct kpatch_func *func)
{
	struct kpatch_ops *ops = kpatch_find_ops(func->old_addr);

	return ops && func->on_stack &&
	       list_first_entry(&ops->func_stack, struct kpatch_func,
				stack_node) == func;
}
