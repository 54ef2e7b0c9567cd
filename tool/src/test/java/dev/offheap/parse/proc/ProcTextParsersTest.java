package dev.offheap.parse.proc;

import dev.offheap.model.CgroupPath;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmCommandLine;
import dev.offheap.model.Parsed;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.model.ProcessStatus;
import dev.offheap.parse.Fixtures;
import dev.offheap.parse.TextInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** status, environ, cmdline and /proc/PID/cgroup. */
class ProcTextParsersTest {

    @Test
    void capabilitiesAndSeccompAreRead() {
        ProcessStatus s = StatusParser.parse(Fixtures.path("status/jdk25-limit.txt")).value();
        assertThat(s.capEff()).hasValue(0x000001fffeffffffL);
        assertThat(s.hasCapability(21)).as("CAP_SYS_ADMIN").isTrue();
        assertThat(s.hasCapability(38)).as("CAP_PERFMON").isTrue();
        assertThat(s.seccomp()).hasValue(0);
        ProcessStatus filtered = StatusParser.parse("Name:\tjava\nPid:\t7\nCapEff:\t0000000000000000\nSeccomp:\t2\n", "status").value();
        assertThat(filtered.seccomp()).hasValue(2);
        assertThat(filtered.hasCapability(38)).isFalse();
        ProcessStatus old = StatusParser.parse("Name:\tjava\nPid:\t7\n", "status").value();
        assertThat(old.capEff()).isEmpty();
        assertThat(old.seccomp()).isEmpty();
        assertThat(old.hasCapability(21)).isFalse();
    }

    @Test
    void procStatGivesFaultsCpuAndThreadsCountedAfterTheCommandName() {
        dev.offheap.model.ProcessStat s = ProcStatParser.parse(TextInput.read(Fixtures.path("stat/jdk17-jna.txt")), "stat");
        assertThat(s.minorFaults()).isEqualTo(14516);
        assertThat(s.majorFaults()).isEqualTo(4);
        assertThat(s.faults()).isEqualTo(14520);
        assertThat(s.userTicks()).isEqualTo(18);
        assertThat(s.systemTicks()).isEqualTo(11);
        assertThat(s.threads()).isEqualTo(21);
        // a command name with spaces and parentheses, as a thread may name itself
        dev.offheap.model.ProcessStat odd = ProcStatParser.parse("42 (a (b) c) S 1 42 42 0 -1 0 7 0 3 0 5 6 0 0 20 0 9 0 1 2 3",
                "stat");
        assertThat(odd.minorFaults()).isEqualTo(7);
        assertThat(odd.majorFaults()).isEqualTo(3);
        assertThat(odd.threads()).isEqualTo(9);
        assertThatThrownBy(() -> ProcStatParser.parse("42 java S 1", "/proc/42/stat")).isInstanceOf(InputException.class)
                .hasMessage("/proc/42/stat: expected 'PID (COMMAND) STATE …', found: \"42 java S 1\"");
        assertThatThrownBy(() -> ProcStatParser.parse("42 (java) S 1 2", "/proc/42/stat")).isInstanceOf(InputException.class)
                .hasMessage("/proc/42/stat: expected at least 20 fields, found 5");
    }

    @Test
    void parsesJdk25StatusInBytes() {
        Parsed<ProcessStatus> p = StatusParser.parse(Fixtures.path("status/jdk25-limit.txt"));
        ProcessStatus s = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(s.name()).isEqualTo("java");
        assertThat(s.state()).isEqualTo("S (sleeping)");
        assertThat(s.pid()).isEqualTo(5743);
        assertThat(s.ppid()).isEqualTo(5715);
        assertThat(s.realUid()).hasValue(0);
        assertThat(s.effectiveGid()).hasValue(0);
        assertThat(s.nspid()).containsExactly(5743L);
        assertThat(s.innermostPid()).isEqualTo(5743);
        assertThat(s.inOtherPidNamespace()).isFalse();
        assertThat(s.vmRssBytes()).hasValue(68204L * 1024);
        assertThat(s.vmHwmBytes()).hasValue(68204L * 1024);
        assertThat(s.vmSizeBytes()).hasValue(1832952L * 1024);
        assertThat(s.rssAnonBytes()).hasValue(42108L * 1024);
        assertThat(s.rssFileBytes()).hasValue(26096L * 1024);
        assertThat(s.rssShmemBytes()).hasValue(0);
        assertThat(s.vmSwapBytes()).hasValue(0);
        assertThat(s.threads()).isEqualTo(22);
        assertThat(s.sigCgt()).isEqualTo(0x2000000101005ccdL);
    }

    @Test
    void readsWhichSignalsTheJvmCatches() {
        ProcessStatus s = StatusParser.parse(Fixtures.path("status/jdk17-pretouch.txt")).value();
        assertThat(s.catches(3)).as("SIGQUIT: thread dump").isTrue();
        assertThat(s.catches(11)).as("SIGSEGV: implicit null checks").isTrue();
        assertThat(s.catches(9)).as("SIGKILL").isFalse();
    }

    @Test
    void readsNspidOfAProcessInAContainer() {
        String text = "Name:\tjava\nPid:\t48211\nNSpid:\t48211\t1\nThreads:\t3\nVmRSS:\t 1024 kB\n";
        ProcessStatus s = StatusParser.parse(text, "status").value();
        assertThat(s.nspid()).containsExactly(48211L, 1L);
        assertThat(s.innermostPid()).isEqualTo(1);
        assertThat(s.inOtherPidNamespace()).isTrue();
        assertThat(s.rssAnonBytes()).isEmpty();
        assertThat(s.realUid()).isEmpty();
    }

    @Test
    void warnsAboutACorruptedSizeAndKeepsTheRest() {
        String text = Fixtures.text("status/jdk25-limit.txt").replace("VmRSS:\t   68204 kB", "VmRSS:\t   68x04 kB");
        Parsed<ProcessStatus> p = StatusParser.parse(text, "status.txt");
        assertThat(p.value().vmRssBytes()).isEmpty();
        assertThat(p.value().threads()).isEqualTo(22);
        assertThat(p.warnings()).extracting(Object::toString)
                .containsExactly("status.txt:23: expected 'VmRSS: <n> kB', skipped: \"68x04 kB\"");
    }

    @Test
    void rejectsEmptyOrTruncatedStatus() {
        assertThatThrownBy(() -> StatusParser.parse("", "status.txt")).isInstanceOf(InputException.class)
                .hasMessage("status.txt: empty file, expected /proc/PID/status");
        assertThatThrownBy(() -> StatusParser.parse("Name:\tjava\nUmask:\t0022\nSta", "status.txt"))
                .isInstanceOf(InputException.class)
                .hasMessage("status.txt: not a /proc/PID/status file: no 'Name:' and 'Pid:' lines");
    }

    @Test
    void parsesNulSeparatedEnviron() {
        Parsed<ProcessEnvironment> p = EnvironParser.parse(Fixtures.path("environ/jdk17-pretouch.bin"));
        ProcessEnvironment env = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(env.variables()).hasSize(6);
        assertThat(env.mallocArenaMax()).contains("2");
        assertThat(env.mallocArenaMaxValue()).hasValue(2);
        assertThat(env.mallocConf()).contains("prof:true,lg_prof_interval:30");
        assertThat(env.javaToolOptions()).contains("-Dcapture.tag=jdk17-pretouch");
        assertThat(env.ldPreload()).isEmpty();
        assertThat(env.jdkJavaOptions()).isEmpty();
        assertThat(env.underscoreJavaOptions()).isEmpty();
    }

    @Test
    void parsesANewlineSeparatedCopyTheSame() {
        byte[] nul = TextInput.readBytes(Fixtures.path("environ/jdk25-limit.bin"));
        String lines = new String(nul, StandardCharsets.UTF_8).replace('\0', '\n');
        assertThat(EnvironParser.parse(lines, "environ.txt").value())
                .isEqualTo(EnvironParser.parse(nul, "environ").value());
    }

    @Test
    void warnsAboutAnEntryWithoutEqualsSign() {
        Parsed<ProcessEnvironment> p = EnvironParser.parse("A=1\nbroken\nLD_PRELOAD=/usr/lib/libjemalloc.so.2\n", "env.txt");
        assertThat(p.value().ldPreload()).contains("/usr/lib/libjemalloc.so.2");
        assertThat(p.warnings()).extracting(Object::toString)
                .containsExactly("env.txt:2: expected 'NAME=value' (entry 2), skipped: \"broken\"");
        assertThat(EnvironParser.parse(new byte[0], "environ").value().variables()).isEmpty();
    }

    @Test
    void parsesCmdline() {
        assertThat(CmdlineParser.parse(Fixtures.path("cmdline/jdk25-limit.bin"))).containsExactly(
                "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", "-Xmx128m", "-XX:+UseG1GC", "-cp", ".", "FixtureTarget", "4");
        assertThat(CmdlineParser.parse("java\n-Xmx1g\nMain\n")).containsExactly("java", "-Xmx1g", "Main");
        assertThat(CmdlineParser.parse("java\0\0Main\0")).containsExactly("java", "", "Main");
        assertThat(CmdlineParser.parse(new byte[0])).isEmpty();
    }

    @Test
    void splitsAJavaCommandAsVmCommandLineDoes() {
        JvmCommandLine c = JavaCommand.of(List.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-Xmx256m",
                "-XX:NativeMemoryTracking=detail", "-cp", "offheap.jar", "dev.offheap.zoo.DirectBufferLeak", "160", "0", "160"));
        assertThat(c.jvmArgList()).containsExactly("-Xmx256m", "-XX:NativeMemoryTracking=detail");
        assertThat(c.classPath()).isEqualTo("offheap.jar");
        assertThat(c.javaCommand()).isEqualTo("dev.offheap.zoo.DirectBufferLeak 160 0 160");
        assertThat(c.mainClassOrJar()).isEqualTo("dev.offheap.zoo.DirectBufferLeak");
        JvmCommandLine jar = JavaCommand.of(List.of("java", "--add-opens", "java.base/java.nio=ALL-UNNAMED", "-jar", "app.jar", "x"));
        assertThat(jar.jvmArgList()).containsExactly("--add-opens", "java.base/java.nio=ALL-UNNAMED");
        assertThat(jar.javaCommand()).isEqualTo("app.jar x");
        assertThat(JavaCommand.of(List.of("/usr/bin/python3", "-u", "x.py"))).isNull();
        assertThat(JavaCommand.of(List.of())).isNull();
    }

    @Test
    void parsesProcCgroupOfAV1Host() {
        List<CgroupPath> c = CgroupParser.parseProcCgroup(Fixtures.path("cgroup/jdk25-limit.txt")).value();
        assertThat(c).hasSize(10);
        assertThat(c).filteredOn(x -> x.hasController("memory")).singleElement()
                .isEqualTo(new CgroupPath(4, List.of("memory"), "/offheap-fixture-jdk25-limit"));
        assertThat(c.get(0)).isEqualTo(new CgroupPath(9, List.of("name=systemd"), "/"));
        assertThat(c.get(9).isUnified()).isTrue();
    }

    @Test
    void parsesProcCgroupOfAV2Container() {
        List<CgroupPath> c = CgroupParser.parseProcCgroup(Fixtures.path("cgroup/handmade-v2.txt")).value();
        assertThat(c).containsExactly(new CgroupPath(0, List.of(),
                "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcd.scope"));
        assertThatThrownBy(() -> CgroupParser.parseProcCgroup("memory=/x\n", "cgroup"))
                .isInstanceOf(InputException.class)
                .hasMessage("cgroup:1: expected 'hierarchy-id:controllers:/path', found: \"memory=/x\"");
    }
}
