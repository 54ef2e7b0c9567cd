package dev.offheap.parse.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.KernelOomKill;
import dev.offheap.model.OomCounts;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OOM killer's traces: a memory cgroup's counters (v1, v2) and its lines in the kernel log (kmsg, dmesg). */
class OomParsersTest {
    private static Map<String, String> v1(String folder) {
        return Map.of("memory.oom_control", Fixtures.text("oom/" + folder + "/memory.oom_control"),
                "memory.failcnt", Fixtures.text("oom/" + folder + "/memory.failcnt"));
    }

    @Test
    void readsTheV1CountersBeforeAndAfterAKill() {
        OomCounts before = OomCountsParser.parse(1, v1("v1-before")).value();
        OomCounts after = OomCountsParser.parse(1, v1("v1-after")).value();
        assertThat(before.oomKills()).hasValue(0);
        assertThat(before.limitHits()).hasValue(0);
        assertThat(after.oomKills()).hasValue(1);
        assertThat(after.limitHits()).hasValue(94);
    }

    @Test
    void readsTheV2Events() {
        Parsed<OomCounts> p = OomCountsParser.parse(2, Map.of("memory.events", Fixtures.text("oom/v2-after/memory.events")));
        assertThat(p.warnings()).isEmpty();
        assertThat(p.value().oomKills()).hasValue(1);
        assertThat(p.value().limitHits()).hasValue(121);
    }

    @Test
    void aKernelBeforeFourThirteenCountsNoKillsAndABadCountIsWarned() {
        Parsed<OomCounts> p = OomCountsParser.parse(1, Map.of("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n",
                "memory.failcnt", "many\n"));
        assertThat(p.value().oomKills()).isEmpty();
        assertThat(p.value().limitHits()).isEmpty();
        assertThat(p.warnings()).extracting(Object::toString).containsExactly("memory.failcnt:1: expected a count, skipped: \"many\"");
        assertThat(OomCountsParser.parse(2, Map.of()).value().oomKills()).as("no file read").isEmpty();
    }

    @Test
    void findsTheKillAmongTheRecordsOfDevKmsg() {
        List<KernelOomKill> kills = KernelLogParser.oomKills(Fixtures.text("oom/kmsg-jdk17-cgroup-oom.txt"));
        assertThat(kills).hasSize(1);
        KernelOomKill k = kills.get(0);
        assertThat(k.pid()).isEqualTo(26574);
        assertThat(k.command()).isEqualTo("java");
        assertThat(k.bootMicros()).isEqualTo(5758702499L);
        assertThat(k.message()).startsWith("Memory cgroup out of memory: Killed process 26574 (java) total-vm:2545624kB");
    }

    @Test
    void findsTheSameKillInDmesgsLayout() {
        List<KernelOomKill> kills = KernelLogParser.oomKills(Fixtures.text("oom/dmesg-jdk17-cgroup-oom.txt"));
        assertThat(kills).extracting(KernelOomKill::pid, KernelOomKill::bootMicros).containsExactly(
                org.assertj.core.groups.Tuple.tuple(26574L, 5758702499L));
    }

    @Test
    void readsTheKillLinesOfOlderKernelsAndPassesOverTheRest() {
        // Linux 4.x: "Kill process … or sacrifice child", then "Killed process …"
        String text = "3,900,1000,-;Memory cgroup out of memory: Kill process 4242 (java) score 1000 or sacrifice child\n"
                + "3,901,1001,-;Killed process 4242 (java) total-vm:2545624kB, anon-rss:130048kB, file-rss:0kB\n"
                + "6,902,1002,-;[  4242]     0  4242   636406    37522 java\n"
                + "not a record\n"
                + "3,903,99999999999999999999,-;Killed process 1 (init)\n";
        assertThat(KernelLogParser.oomKills(text)).extracting(KernelOomKill::pid, KernelOomKill::bootMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4242L, 1001L));
    }
}
