// SPDX-License-Identifier: GPL-2.0
/*
 * stack-based consistency with a global switch.
 *
 * A transition switches every function of one patch at once, inside
 * stop_machine() where no task runs, and only when no task's reliable stack
 * holds an affected function: the version that runs now when patching, the
 * patch's own version when unpatching.  A blocked attempt is retried with
 * exponential backoff until transition_timeout_ms, then refused, unless
 * force is written.
 *
 * To keep the pause short, stacks are first checked outside stop_machine()
 * (each task held still by task_call_func()) and each task's context switch
 * count is remembered; inside stop_machine() only tasks that ran since then
 * are walked again.  Idle tasks, which are not on the task list, are
 * checked there too.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/clock.h>
#include <linux/stop_machine.h>
#include <linux/workqueue.h>
#include <linux/hash.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include "core.h"

#define KPATCH_MAX_STACK	64
#define KPATCH_MAX_BLOCKED	16

static unsigned int transition_timeout_ms = 15000;
module_param(transition_timeout_ms, uint, 0644);
MODULE_PARM_DESC(transition_timeout_ms,
		 "refuse a transition still blocked after this long (ms)");
static bool precheck = true;
module_param(precheck, bool, 0644);
MODULE_PARM_DESC(precheck,
		 "check stacks outside stop_machine first (shorter pause)");
static unsigned long last_pause_ns, max_pause_ns;
static unsigned long last_stop_ns, max_stop_ns, last_transition_ns;
module_param(last_pause_ns, ulong, 0444);
module_param(max_pause_ns, ulong, 0444);
module_param(last_stop_ns, ulong, 0444);
module_param(max_stop_ns, ulong, 0444);
module_param(last_transition_ns, ulong, 0444);

/* The transition in progress; protected by kpatch_mutex. */
struct kpatch_patch *kpatch_transition_patch;
enum kpatch_target kpatch_target;
static unsigned long kpatch_deadline;
static unsigned int kpatch_delay_ms;
static u64 kpatch_start_ns;

struct kpatch_range {
	unsigned long start, end;
	const char *name;
};

struct kpatch_blocker {
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *func;
};

/* Last attempt's blockers; written in the check, read under kpatch_mutex. */
static struct kpatch_blocker kpatch_blocked[KPATCH_MAX_BLOCKED];
static unsigned int kpatch_nr_blocked;

/* A task whose stack passed the pre-check, and its context switch count. */
struct kpatch_seen {
	struct task_struct *task;
	u64 start_time;		/* tells a reused task_struct apart */
	unsigned long switches;
};

struct kpatch_check {
	struct kpatch_patch *patch;
	bool patching, force;
	struct kpatch_range *ranges;
	unsigned int nr_ranges;
	struct kpatch_seen *seen;	/* open addressing, mask + 1 slots */
	unsigned long mask;
	unsigned long stack[KPATCH_MAX_STACK];
	u64 pause_ns;
};

static void kpatch_transition_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(kpatch_transition_work, kpatch_transition_workfn);

static const char *kpatch_target_name(enum kpatch_target target)
{
	return target == KPATCH_PATCHED ? "patching" : "unpatching";
}

static void kpatch_add_range(struct kpatch_check *c, unsigned long start,
			     unsigned long size, const char *name)
{
	c->ranges[c->nr_ranges].start = start;
	c->ranges[c->nr_ranges].end = start + size;
	c->ranges[c->nr_ranges].name = name;
	c->nr_ranges++;
}

/* The code ranges no task may be in for the switch to happen. */
static int kpatch_build_ranges(struct kpatch_check *c)
{
	struct kpatch_object *obj;
	struct kpatch_func *func;
	unsigned long addr, size, n = 0;

	kpatch_for_each_object(c->patch, obj)
		kpatch_for_each_func(obj, func)
			n++;
	c->ranges = kvcalloc(n + 1, sizeof(*c->ranges), GFP_KERNEL);
	if (!c->ranges)
		return -ENOMEM;
	kpatch_for_each_object(c->patch, obj) {
		if (c->patching && (obj->patched || !kpatch_object_loaded(obj)))
			continue;
		if (!c->patching && !obj->patched)
			continue;
		kpatch_for_each_func(obj, func) {
			if (func->force_unsafe)
				continue;
			if (c->patching) {
				addr = kpatch_active_addr(func, &size);
				kpatch_add_range(c, addr, size, func->old_name);
			} else if (!func->nop && kpatch_func_is_top(func)) {
				kpatch_add_range(c, (unsigned long)func->new_func,
						 func->new_size, func->old_name);
			}
		}
	}
	return 0;
}

static void kpatch_record_blocker(struct task_struct *t, const char *func)
{
	struct kpatch_blocker *b;

	if (kpatch_nr_blocked >= KPATCH_MAX_BLOCKED)
		return;
	b = &kpatch_blocked[kpatch_nr_blocked++];
	b->pid = t->pid;
	memcpy(b->comm, t->comm, TASK_COMM_LEN);
	b->comm[TASK_COMM_LEN - 1] = 0;
	b->func = func;
}

/* Walk @t's stack (@t must not run); 0 when no range is on it. */
static int kpatch_check_stack(struct task_struct *t, struct kpatch_check *c)
{
	unsigned int i, j;
	int nr;

	nr = kpatch_call(stack_trace_save_tsk_reliable)(t, c->stack,
							KPATCH_MAX_STACK);
	if (nr < 0) {
		kpatch_record_blocker(t, "(unreliable stack)");
		return -EBUSY;
	}
	for (i = 0; i < nr; i++)
		for (j = 0; j < c->nr_ranges; j++)
			if (c->stack[i] >= c->ranges[j].start &&
			    c->stack[i] < c->ranges[j].end) {
				kpatch_record_blocker(t, c->ranges[j].name);
				return -EBUSY;
			}
	return 0;
}

static unsigned long kpatch_switches(struct task_struct *t)
{
	return READ_ONCE(t->nvcsw) + READ_ONCE(t->nivcsw);
}

static struct kpatch_seen *kpatch_seen_slot(struct kpatch_check *c,
					    struct task_struct *t)
{
	unsigned long i = hash_ptr(t, 32) & c->mask, n;

	for (n = 0; n <= c->mask; n++, i = (i + 1) & c->mask)
		if (!c->seen[i].task || c->seen[i].task == t)
			return &c->seen[i];
	return NULL;
}

/* task_call_func() callback: @t is not running while this runs. */
static int kpatch_precheck_task(struct task_struct *t, void *arg)
{
	struct kpatch_check *c = arg;
	struct kpatch_seen *slot;
	int ret;

	if (READ_ONCE(t->on_cpu))
		return 0;	/* running: checked again in stop_machine */
	ret = kpatch_check_stack(t, c);
	if (ret)
		return ret;
	slot = kpatch_seen_slot(c, t);
	if (slot) {
		slot->task = t;
		slot->start_time = t->start_time;
		slot->switches = kpatch_switches(t);
	}
	return 0;
}

/* Check every task outside stop_machine(); fills c->seen. */
static int kpatch_precheck(struct kpatch_check *c)
{
	struct task_struct *g, *t;
	unsigned long n = 0;
	int ret = 0;

	if (!kpatch_syms.task_call_func || !precheck)
		return 0;
	rcu_read_lock();
	for_each_process_thread(g, t)
		n++;
	rcu_read_unlock();
	c->mask = roundup_pow_of_two(2 * n + 64) - 1;
	c->seen = kvcalloc(c->mask + 1, sizeof(*c->seen), GFP_KERNEL);
	if (!c->seen)
		return 0;	/* no cache: everything is walked later */

	/* for_each_process_thread() is two loops: leave with goto */
	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (t == current)
			continue;
		ret = kpatch_call(task_call_func)(t, kpatch_precheck_task, c);
		if (ret)
			goto out;
	}
out:
	rcu_read_unlock();
	return ret;
}

static bool kpatch_seen_unchanged(struct kpatch_check *c,
				  struct task_struct *t)
{
	struct kpatch_seen *slot;

	if (!c->seen)
		return false;
	slot = kpatch_seen_slot(c, t);
	return slot && slot->task == t && slot->start_time == t->start_time &&
	       slot->switches == kpatch_switches(t);
}

/*
 * A module in MODULE_STATE_GOING runs (or has run) its exit, and our GOING
 * notification, which reverts its objects, comes next: a patching
 * transition that completes in between leaves such an object unpatched,
 * so the module sees no post_patch callback on its way out.
 */
static bool kpatch_object_going(struct kpatch_object *obj)
{
	return obj->mod && obj->mod->state == MODULE_STATE_GOING;
}

static void kpatch_apply_switch(struct kpatch_check *c)
{
	struct kpatch_object *obj;

	kpatch_for_each_object(c->patch, obj) {
		if (c->patching && !obj->patched && kpatch_object_loaded(obj) &&
		    !kpatch_object_going(obj))
			kpatch_push_object(obj);
		else if (!c->patching && obj->patched)
			kpatch_pop_object(obj);
	}
}

/* The idle task of @cpu: not on the task list. */
static struct task_struct *kpatch_idle_task(int cpu)
{
	if (kpatch_syms.idle_threads)
		return *per_cpu_ptr(kpatch_syms.idle_threads, cpu);
	return cpu ? NULL : &init_task;
}

/* With every CPU in its stopper, no idle task runs. */
static int kpatch_check_idle(struct kpatch_check *c)
{
	struct task_struct *idle;
	int cpu, ret;

	for_each_online_cpu(cpu) {
		idle = kpatch_idle_task(cpu);
		if (!idle || idle == current || READ_ONCE(idle->on_cpu))
			continue;
		ret = kpatch_check_stack(idle, c);
		if (ret)
			return ret;
	}
	return 0;
}

/* stop_machine() callback: no other task runs. */
static int kpatch_switch_fn(void *data)
{
	struct kpatch_check *c = data;
	struct task_struct *g, *t;
	u64 start = local_clock();
	int ret = 0;

	if (!c->force) {
		for_each_process_thread(g, t) {
			/* ourselves, and the stoppers of the other CPUs */
			if (t == current || READ_ONCE(t->on_cpu))
				continue;
			if (kpatch_seen_unchanged(c, t))
				continue;
			ret = kpatch_check_stack(t, c);
			if (ret)
				goto out;
		}
		ret = kpatch_check_idle(c);
		if (ret)
			goto out;
	}
	kpatch_apply_switch(c);
out:
	c->pause_ns = local_clock() - start;
	return ret;
}

static void kpatch_report_blocked(struct kpatch_patch *patch)
{
	unsigned int i;

	for (i = 0; i < kpatch_nr_blocked; i++)
		pr_notice("'%s': %s:%d is sleeping on function %s\n",
			  patch->mod->name, kpatch_blocked[i].comm,
			  kpatch_blocked[i].pid, kpatch_blocked[i].func);
}

static void kpatch_record_pause(struct kpatch_check *c, u64 stop_ns)
{
	last_pause_ns = c->pause_ns;
	max_pause_ns = max_t(unsigned long, max_pause_ns, c->pause_ns);
	last_stop_ns = stop_ns;
	max_stop_ns = max_t(unsigned long, max_stop_ns, stop_ns);
}

/* One attempt at the switch: 0 done, -EBUSY blocked, other errors. */
static int kpatch_try_switch(bool force)
{
	struct kpatch_check *c;
	u64 t0;
	int ret;

	lockdep_assert_held(&kpatch_mutex);

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->patch = kpatch_transition_patch;
	c->patching = kpatch_target == KPATCH_PATCHED;
	c->force = force;
	kpatch_nr_blocked = 0;
	ret = kpatch_build_ranges(c);
	if (ret)
		goto out;
	if (!force) {
		ret = kpatch_precheck(c);
		if (ret)
			goto out;
	}
	t0 = local_clock();
	ret = stop_machine(kpatch_switch_fn, c, NULL);
	kpatch_record_pause(c, local_clock() - t0);
out:
	kvfree(c->seen);
	kvfree(c->ranges);
	kfree(c);
	return ret;
}

void kpatch_init_transition(struct kpatch_patch *patch,
			    enum kpatch_target target)
{
	lockdep_assert_held(&kpatch_mutex);

	pr_notice("'%s': initializing %s transition\n", patch->mod->name,
		  kpatch_target_name(target));
	kpatch_transition_patch = patch;
	kpatch_target = target;
	kpatch_nr_blocked = 0;
}

static void kpatch_complete_transition(void)
{
	struct kpatch_patch *patch = kpatch_transition_patch;
	enum kpatch_target target = kpatch_target;

	last_transition_ns = local_clock() - kpatch_start_ns;
	pr_notice("'%s': completing %s transition\n", patch->mod->name,
		  kpatch_target_name(target));
	kpatch_transition_patch = NULL;
	kpatch_nr_blocked = 0;
	if (target == KPATCH_PATCHED)
		kpatch_complete_patching(patch);
	else
		kpatch_complete_unpatching(patch);
}

/* Blocked past the deadline: refuse; nothing was switched. */
static void kpatch_timeout_transition(void)
{
	struct kpatch_patch *patch = kpatch_transition_patch;

	pr_warn("'%s': %s transition timed out after %u ms, blocked by %u task(s)\n",
		patch->mod->name, kpatch_target_name(kpatch_target),
		transition_timeout_ms, kpatch_nr_blocked);
	kpatch_report_blocked(patch);
	kpatch_transition_patch = NULL;
	if (kpatch_target == KPATCH_PATCHED) {
		pr_warn("'%s': refusing the patch\n", patch->mod->name);
		patch->enabled = false;
		kpatch_complete_unpatching(patch);
	} else {
		pr_warn("'%s': the patch stays enabled\n", patch->mod->name);
		patch->enabled = true;
	}
}

/*
 * An attempt that could not allocate its bookkeeping changed nothing and
 * may work the next time: retry it like a blocked one, until the deadline.
 */
static void kpatch_try_complete(void)
{
	int ret = kpatch_try_switch(false);

	if (!ret) {
		kpatch_complete_transition();
		return;
	}
	if (ret == -ENOMEM)
		pr_notice("'%s': no memory for a transition attempt, retrying\n",
			  kpatch_transition_patch->mod->name);
	if (ret == -EBUSY && !kpatch_delay_ms)
		kpatch_report_blocked(kpatch_transition_patch);
	if ((ret == -EBUSY || ret == -ENOMEM) &&
	    time_before(jiffies, kpatch_deadline)) {
		kpatch_delay_ms = clamp(kpatch_delay_ms * 2, 1U, 1000U);
		schedule_delayed_work(&kpatch_transition_work,
				      msecs_to_jiffies(kpatch_delay_ms));
		return;
	}
	if (ret != -EBUSY)
		pr_warn("'%s': transition failed (%d)\n",
			kpatch_transition_patch->mod->name, ret);
	kpatch_timeout_transition();
}

void kpatch_start_transition(void)
{
	lockdep_assert_held(&kpatch_mutex);

	pr_notice("'%s': starting %s transition\n",
		  kpatch_transition_patch->mod->name,
		  kpatch_target_name(kpatch_target));
	kpatch_start_ns = local_clock();
	kpatch_deadline = jiffies + msecs_to_jiffies(transition_timeout_ms);
	kpatch_delay_ms = 0;
	kpatch_try_complete();
}

static void kpatch_transition_workfn(struct work_struct *work)
{
	mutex_lock(&kpatch_mutex);
	if (kpatch_transition_patch)
		kpatch_try_complete();
	mutex_unlock(&kpatch_mutex);
}

/* Write of the other value to 'enabled' during a transition. */
void kpatch_reverse_transition(void)
{
	struct kpatch_patch *patch = kpatch_transition_patch;

	lockdep_assert_held(&kpatch_mutex);

	pr_notice("'%s': reversing transition from %s to %s\n",
		  patch->mod->name, kpatch_target_name(kpatch_target),
		  kpatch_target_name(!kpatch_target));
	kpatch_target = !kpatch_target;
	patch->enabled = kpatch_target == KPATCH_PATCHED;
	cancel_delayed_work(&kpatch_transition_work);
	kpatch_start_transition();
}

/* Complete the transition without stack checks; patches stay loaded. */
void kpatch_force_transition(void)
{
	struct kpatch_patch *patch;
	int ret;

	lockdep_assert_held(&kpatch_mutex);

	pr_warn("'%s': forcing the %s transition; the patch modules cannot be removed any more\n",
		kpatch_transition_patch->mod->name,
		kpatch_target_name(kpatch_target));
	kpatch_report_blocked(kpatch_transition_patch);
	cancel_delayed_work(&kpatch_transition_work);
	kpatch_for_each_patch(patch)
		patch->forced = true;
	kpatch_transition_patch->forced = true;
	ret = kpatch_try_switch(true);
	if (ret) {
		pr_err("'%s': cannot force the transition (%d)\n",
		       kpatch_transition_patch->mod->name, ret);
		kpatch_try_complete();	/* back to retrying */
		return;
	}
	kpatch_complete_transition();
}

ssize_t kpatch_blocked_show(struct kpatch_patch *patch, char *buf)
{
	ssize_t len = 0;
	unsigned int i;

	lockdep_assert_held(&kpatch_mutex);

	if (patch != kpatch_transition_patch)
		return 0;
	for (i = 0; i < kpatch_nr_blocked; i++)
		len += sysfs_emit_at(buf, len, "%d %s %s\n",
				     kpatch_blocked[i].pid,
				     kpatch_blocked[i].comm,
				     kpatch_blocked[i].func);
	return len;
}

void kpatch_transition_exit(void)
{
	cancel_delayed_work_sync(&kpatch_transition_work);
}
