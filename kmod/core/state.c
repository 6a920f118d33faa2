// SPDX-License-Identifier: GPL-2.0
/*
 * system states a patch declares, and the check that a new patch
 * can take over the states of the patches already installed.
 */
#include "core.h"

#define kpatch_for_each_state(patch, state) \
	for (state = (patch)->states; state && state->id; state++)

/**
 * kpatch_get_state() - a state of @patch
 * @patch:	the patch
 * @id:		state identifier
 *
 * Return: the state, or NULL when @patch does not declare @id.
 */
struct kpatch_state *kpatch_get_state(struct kpatch_patch *patch,
				      unsigned long id)
{
	struct kpatch_state *state;

	kpatch_for_each_state(patch, state)
		if (state->id == id)
			return state;
	return NULL;
}
EXPORT_SYMBOL_GPL(kpatch_get_state);

/**
 * kpatch_get_prev_state() - the state @id of the installed patches
 * @id:		state identifier
 *
 * For the callbacks of the patch in transition: the newest declaration of
 * @id among the patches installed before it.
 *
 * Return: the state, or NULL when no earlier patch declares it.
 */
struct kpatch_state *kpatch_get_prev_state(unsigned long id)
{
	struct kpatch_state *state, *last = NULL;
	struct kpatch_patch *patch;

	if (WARN_ON_ONCE(!kpatch_transition_patch))
		return NULL;
	kpatch_for_each_patch(patch) {
		if (patch == kpatch_transition_patch)
			break;
		state = kpatch_get_state(patch, id);
		if (state)
			last = state;
	}
	return last;
}
EXPORT_SYMBOL_GPL(kpatch_get_prev_state);

/* A replace patch must know every installed state, in a version >= it. */
static bool kpatch_state_compatible(struct kpatch_patch *patch,
				    struct kpatch_state *old)
{
	struct kpatch_state *state = kpatch_get_state(patch, old->id);

	if (!state)
		return !patch->replace;
	return state->version >= old->version;
}

bool kpatch_states_compatible(struct kpatch_patch *patch)
{
	struct kpatch_patch *old;
	struct kpatch_state *state;

	kpatch_for_each_patch(old)
		kpatch_for_each_state(old, state)
			if (!kpatch_state_compatible(patch, state))
				return false;
	return true;
}
