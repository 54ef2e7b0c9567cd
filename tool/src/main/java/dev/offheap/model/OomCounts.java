package dev.offheap.model;

import java.util.OptionalLong;

/**
 * What a memory cgroup counts of its limit: {@code oomKills}, processes the OOM killer ended in the group (v1
 * {@code memory.oom_control} "oom_kill", Linux 4.13+; v2 {@code memory.events} "oom_kill"), and {@code limitHits},
 * times its usage hit the limit (v1 {@code memory.failcnt}, v2 {@code memory.events} "max"); empty where not read.
 */
public record OomCounts(int version, OptionalLong oomKills, OptionalLong limitHits) {
}
