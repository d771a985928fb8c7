/* SPDX-License-Identifier: GPL-2.0 */
/* WARN_ON_ONCE() counts; the driver fails the run if any fired. */
#ifndef _NATIVE_BUG_H
#define _NATIVE_BUG_H

extern int native_warnings;

#define WARN_ON_ONCE(cond) ({					\
	int __c = !!(cond);					\
	if (__builtin_expect(__c, 0))				\
		native_warnings++;				\
	__c;							\
})
#define WARN_ON(cond)	WARN_ON_ONCE(cond)

#endif /* _NATIVE_BUG_H */
