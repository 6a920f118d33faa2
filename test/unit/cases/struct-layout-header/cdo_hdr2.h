/* SPDX-License-Identifier: GPL-2.0 */
struct cdo_shared {
	int a;
	int added;
	int b;
};
