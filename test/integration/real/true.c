// SPDX-License-Identifier: GPL-2.0
/* A program that does nothing, to be executed under a chosen name. */
int main(void)
{
	return 0;
}
