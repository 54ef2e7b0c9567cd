package dev.offheap.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offheap.model.JvmCommandLine;
import dev.offheap.model.JvmFlag;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.PerfCounters;
import dev.offheap.parse.jcmd.VmCommandLineParser;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.proc.CmdlineParser;
import dev.offheap.parse.proc.EnvironParser;
import dev.offheap.parse.proc.HsperfdataParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What redaction leaves of the configuration of real JVMs started with fake secrets (fixtures tagged
 * {@code jdk17-secrets} and {@code jdk25-secrets}, see fixtures/SOURCES.md): no secret, every key, and every other
 * byte as it was, so the parsers read the same model but for the redacted values.
 */
class RedactorTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    /** The fake secrets of the capture, each once in the environment, a -D property, -XX:OnError or an argument. */
    static final List<String> SECRETS = List.of("fixture-env-db-pw-7f3a", "fixture-aws-sk-51c9", "fixture-url-pw-90d4",
            "fixture-jto-tok-22b1", "fixture-prop-pw-4e21", "fixture-prop-tok-8d02", "fixture-onerr-bearer-6a7c",
            "fixture-jdbc-pw-13f8", "fixture-arg-pw-77e0", "fixture-arg-key-2b5d", "fixture-arg-url-pw-c4a1");
    private static final String M = Redactor.MARK;

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-secrets", "jdk25-secrets"})
    void theEnvironmentKeepsItsKeysAndOrderAndLosesTheSecretValues(String tag) throws IOException {
        byte[] raw = fixture("environ/" + tag + ".bin");
        Redactor r = Redactor.standard();
        byte[] redacted = r.environ(raw);

        assertNoSecret(redacted);
        Map<String, String> before = EnvironParser.parse(raw, "environ").value().variables();
        Map<String, String> after = EnvironParser.parse(redacted, "environ").value().variables();
        Map<String, String> expected = new LinkedHashMap<>(before);
        expected.put("DB_PASSWORD", M);
        expected.put("AWS_SECRET_ACCESS_KEY", M);
        expected.put("DATABASE_URL", "postgres://app:" + M + "@db:5432/app");
        expected.put("JAVA_TOOL_OPTIONS", "-Dtool.token=" + M);
        assertThat(after).containsExactlyEntriesOf(expected);
        assertThat(after.get("MALLOC_ARENA_MAX")).isEqualTo("2");
        assertThat(r.redactedKeys()).containsExactly("environment AWS_SECRET_ACCESS_KEY", "environment DATABASE_URL: URL password",
                "environment DB_PASSWORD", "environment JAVA_TOOL_OPTIONS: -Dtool.token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-secrets", "jdk25-secrets"})
    void theCommandLineKeepsEveryArgumentAndItsKeys(String tag) throws IOException {
        byte[] raw = fixture("cmdline/" + tag + ".bin");
        Redactor r = Redactor.standard();
        byte[] redacted = r.cmdline(raw);

        assertNoSecret(redacted);
        List<String> args = CmdlineParser.parse(redacted);
        assertThat(args.subList(1, args.size())).containsExactly("-Xmx64m", "-Ddb.password=" + M, "-Dapi.token=" + M,
                "-XX:OnError=curl -H \"Authorization: Bearer " + M + "\" https://alerts.example/hook",
                "-Ddb.url=jdbc:postgresql://db:5432/app?user=app&password=" + M, "-cp", args.get(7), "dev.offheap.zoo.Idle", "30",
                "--db-password", M, "--api-key=" + M, "https://user:" + M + "@host/x");
        assertThat(redacted[redacted.length - 1]).as("the closing NUL").isZero();
        assertThat(r.redactedKeys()).containsExactly("--api-key", "--db-password", "-Dapi.token", "-Ddb.password",
                "-Ddb.url: password", "-XX:OnError: Authorization header", "argument: URL password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-secrets", "jdk25-secrets"})
    void vmCommandLineKeepsTheMainClassAndClassPath(String tag) throws IOException {
        String raw = text("vmcommandline/" + tag + ".txt");
        String redacted = Redactor.standard().vmCommandLine(raw);

        assertNoSecret(redacted);
        JvmCommandLine before = VmCommandLineParser.parse(raw, "vm-command-line.txt").value();
        JvmCommandLine after = VmCommandLineParser.parse(redacted, "vm-command-line.txt").value();
        assertThat(after.jvmArgs()).isEqualTo("-Dtool.token=" + M + " -Xmx64m -Ddb.password=" + M + " -Dapi.token=" + M
                + " -XX:OnError=curl -H \"Authorization: Bearer " + M + "\" https://alerts.example/hook"
                + " -Ddb.url=jdbc:postgresql://db:5432/app?user=app&password=" + M);
        assertThat(after.javaCommand()).isEqualTo("dev.offheap.zoo.Idle 30 --db-password " + M + " --api-key=" + M
                + " https://user:" + M + "@host/x");
        assertThat(after.mainClassOrJar()).isEqualTo(before.mainClassOrJar());
        assertThat(after.classPath()).isEqualTo(before.classPath());
        assertThat(after.launcherType()).isEqualTo(before.launcherType());
        assertThat(redacted.lines().count()).isEqualTo(raw.lines().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-secrets", "jdk25-secrets"})
    void vmFlagsChangeOnlyTheOnErrorCommand(String tag) throws IOException {
        for (String name : List.of(tag + "-all.txt", tag + ".txt")) {
            String raw = text("vmflags/" + name);
            String redacted = Redactor.standard().vmFlags(raw);

            assertNoSecret(redacted);
            JvmFlags before = VmFlagsParser.parse(raw, name).value();
            JvmFlags after = VmFlagsParser.parse(redacted, name).value();
            assertThat(after.flags().keySet()).as(name).containsExactlyElementsOf(before.flags().keySet());
            List<String> changed = new ArrayList<>();
            for (JvmFlag f : before.flags().values()) {
                if (!f.equals(after.flags().get(f.name()))) {
                    changed.add(f.name());
                }
            }
            if (name.endsWith("-all.txt")) {
                assertThat(changed).as(name).containsExactly("OnError");
                assertThat(after.value("OnError")).hasValue("curl -H \"Authorization: Bearer " + M + "\" https://alerts.example/hook");
            } else {
                // without -all the command's blanks are printed as they are: the parser keeps its first word only
                assertThat(changed).as(name).isEmpty();
                assertThat(redacted).contains(" -XX:OnError=curl -H \"Authorization: Bearer " + M + "\" https://alerts.example/hook ");
            }
            assertThat(redacted.length()).as(name).isEqualTo(raw.length() - "fixture-onerr-bearer-6a7c".length() + M.length());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-secrets", "jdk25-secrets"})
    void systemPropertiesKeepTheirKeysAndEscapes(String tag) throws IOException {
        String raw = text("sysprops/" + tag + ".txt");
        Redactor r = Redactor.standard();
        String redacted = r.systemProperties(raw);

        assertNoSecret(redacted);
        List<String> before = raw.lines().toList();
        List<String> after = redacted.lines().toList();
        assertThat(after).hasSameSizeAs(before);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(after.get(i));
            }
        }
        assertThat(changed).containsExactlyInAnyOrder("db.password=" + M, "api.token=" + M, "tool.token=" + M,
                "db.url=jdbc\\:postgresql\\://db\\:5432/app?user\\=app&password\\=" + M,
                "sun.java.command=dev.offheap.zoo.Idle 30 --db-password " + M + " --api-key\\=" + M + " https\\://user\\:" + M + "@host/x");
        assertThat(r.redactedKeys()).contains("system property db.password", "system property db.url: password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-secrets", "jdk25-secrets"})
    void hsperfdataKeepsItsLayoutAndCountersAndLosesTheSecretStrings(String tag) throws IOException {
        byte[] raw = fixture("hsperfdata/" + tag + ".hsperfdata");
        Redactor r = Redactor.standard();
        byte[] redacted = HsperfdataParser.rewriteStrings(raw, tag, r::perfCounter);

        assertNoSecret(redacted);
        assertThat(redacted).hasSameSizeAs(raw);
        PerfCounters before = HsperfdataParser.parse(raw, tag).value();
        PerfCounters after = HsperfdataParser.parse(redacted, tag).value();
        Map<String, String> expected = new LinkedHashMap<>(before.values());
        expected.put("sun.rt.javaCommand", "dev.offheap.zoo.Idle 30 --db-password " + M + " --api-key=" + M + " https://user:" + M + "@host/x");
        expected.put("java.rt.vmArgs", "-Dtool.token=" + M + " -Xmx64m -Ddb.password=" + M + " -Dapi.token=" + M
                + " -XX:OnError=curl -H \"Authorization: Bearer " + M + "\" https://alerts.example/hook"
                + " -Ddb.url=jdbc:postgresql://db:5432/app?user=app&password=" + M);
        assertThat(after.values()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-idle", "jdk25-idle", "jdk17-pretouch", "jdk25-limit"})
    void configurationWithoutSecretsStaysByteForByte(String tag) throws IOException {
        Redactor r = Redactor.standard();
        if (tag.endsWith("idle")) {
            byte[] raw = fixture("hsperfdata/" + tag + ".hsperfdata");
            assertThat(HsperfdataParser.rewriteStrings(raw, tag, r::perfCounter)).isSameAs(raw);
        } else {
            byte[] environ = fixture("environ/" + tag + ".bin");
            byte[] cmdline = fixture("cmdline/" + tag + ".bin");
            assertThat(r.environ(environ)).isSameAs(environ);
            assertThat(r.cmdline(cmdline)).isSameAs(cmdline);
            for (String f : List.of("vmflags/" + tag + "-all.txt", "vmflags/" + tag + ".txt")) {
                String flags = text(f);
                assertThat(r.vmFlags(flags)).as(f).isSameAs(flags);
            }
            String commandLine = text("vmcommandline/" + tag + ".txt");
            assertThat(r.vmCommandLine(commandLine)).isSameAs(commandLine);
        }
        assertThat(r.redactedKeys()).isEmpty();
    }

    @Test
    void offKeepsEveryValueAndRemembersNothing() throws IOException {
        Redactor off = Redactor.off();
        byte[] environ = fixture("environ/jdk17-secrets.bin");
        byte[] cmdline = fixture("cmdline/jdk17-secrets.bin");
        String commandLine = text("vmcommandline/jdk17-secrets.txt");
        String flags = text("vmflags/jdk17-secrets-all.txt");
        String props = text("sysprops/jdk17-secrets.txt");

        assertThat(off.environ(environ)).isSameAs(environ);
        assertThat(off.cmdline(cmdline)).isSameAs(cmdline);
        assertThat(off.vmCommandLine(commandLine)).isSameAs(commandLine);
        assertThat(off.vmFlags(flags)).isSameAs(flags);
        assertThat(off.systemProperties(props)).isSameAs(props);
        assertThat(off.value("DB_PASSWORD", "x")).isEqualTo("x");
        assertThat(off.redactedKeys()).isEmpty();
        assertThat(off.describe()).startsWith("off (--no-redact)");
    }

    @Test
    void anAddedPatternRedactsMoreKeysButNeverAFlagsNumber() {
        Redactor r = Redactor.adding(List.of("arena", "^HOST"));
        byte[] env = "MALLOC_ARENA_MAX=2\0HOSTNAME=db-7\0MYHOST=web-1\0PATH=/bin\0".getBytes(StandardCharsets.UTF_8);

        assertThat(new String(r.environ(env), StandardCharsets.UTF_8))
                .isEqualTo("MALLOC_ARENA_MAX=" + M + "\0HOSTNAME=" + M + "\0MYHOST=web-1\0PATH=/bin\0");
        assertThat(Redactor.adding(List.of("HeapSize")).vmFlags("-XX:MaxHeapSize=67108864 -XX:+UseG1GC"))
                .isEqualTo("-XX:MaxHeapSize=67108864 -XX:+UseG1GC");
        assertThat(Redactor.adding(List.of("Dump")).vmFlags(
                "    ccstr HeapDumpPath                             = /var/dumps                                {manageable} {command line}\n"
                        + "     bool HeapDumpOnOutOfMemoryError               = true                                   {manageable} {command line}"))
                .isEqualTo("    ccstr HeapDumpPath                             = " + M + "                                {manageable} {command line}\n"
                        + "     bool HeapDumpOnOutOfMemoryError               = true                                   {manageable} {command line}");
        assertThat(r.describe()).contains("--redact arena, ^HOST");
        assertThatThrownBy(() -> Redactor.adding(List.of("(unclosed"))).hasMessageStartingWith("not a regular expression: '(unclosed'");
    }

    @Test
    void credentialsInsideValuesAreFoundWhateverHoldsThem() {
        Redactor r = Redactor.standard();
        assertThat(r.value("JDBC_URL", "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=S3cr3t;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=" + M + ";encrypt=true");
        assertThat(r.value("HOOK", "curl -H 'X-Api-Key: abc123' --token 'xyz 789' https://h/?session=s1&x=1"))
                .isEqualTo("curl -H 'X-Api-Key: " + M + "' --token " + M + " https://h/?session=" + M + "&x=1");
        assertThat(r.value("CONFIG", "-Dconfig=token=t0k")).isEqualTo("-Dconfig=token=" + M);
        assertThat(r.value("URL", "https://u:p@ss:w0rd@host/x")).isEqualTo("https://u:" + M + "@host/x");
        assertThat(r.value("OPTS", "password=\"two words\" next")).isEqualTo("password=" + M + " next");
        assertThat(r.value("PATH", "/usr/bin:/bin")).isEqualTo("/usr/bin:/bin");
        assertThat(r.arguments(List.of("-Dx=1", "-password", "p4ss", "--key", "--verbose", "-Dauth", "Main")))
                .containsExactly("-Dx=1", "-password", M, "--key", "--verbose", "-Dauth", "Main");
    }

    @Test
    void oracleUrlsAndCurlUsersLoseTheirPasswordsAndTheShellsFoldersStay() {
        Redactor r = Redactor.standard();
        assertThat(r.value("DB_URL", "jdbc:oracle:thin:scott/tig@r@//db.example:1521/app"))
                .isEqualTo("jdbc:oracle:thin:scott/" + M + "@//db.example:1521/app");
        assertThat(r.value("DB", "jdbc:oracle:oci:scott/tiger@tns_name")).isEqualTo("jdbc:oracle:oci:scott/" + M + "@tns_name");
        assertThat(r.value("DB", "jdbc:oracle:thin:@//db:1521/app")).isEqualTo("jdbc:oracle:thin:@//db:1521/app");
        assertThat(r.value("HOOK", "curl -u ops:s3cret https://h/x && curl --user=ops:s3cret https://h/y"))
                .isEqualTo("curl -u ops:" + M + " https://h/x && curl --user=ops:" + M + " https://h/y");
        assertThat(r.value("HOOK", "curl --proxy-user 'ops:s3cret' -U ops:pw2 https://h"))
                .isEqualTo("curl --proxy-user 'ops:" + M + "' -U ops:" + M + " https://h");
        assertThat(r.value("HOOK", "ps -u root; ls /tmp:x")).isEqualTo("ps -u root; ls /tmp:x");
        assertThat(r.arguments(List.of("curl", "-u", "ops:s3cret", "-u", "ops", "https://h:8080/x")))
                .containsExactly("curl", "-u", "ops:" + M, "-u", "ops", "https://h:8080/x");
        assertThat(r.arguments(List.of("-XX:OnError=curl -u ops:s3cret https://h", "-Ddb=jdbc:oracle:thin:a/b@h:1521:x")))
                .containsExactly("-XX:OnError=curl -u ops:" + M + " https://h", "-Ddb=jdbc:oracle:thin:a/" + M + "@h:1521:x");
        byte[] environ = "PWD=/srv/app\0OLDPWD=/root\0DB_PWD=s3cret\0".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(r.environ(environ), StandardCharsets.UTF_8)).isEqualTo("PWD=/srv/app\0OLDPWD=/root\0DB_PWD=" + M + "\0");
        assertThat(Redactor.adding(List.of("^PWD$")).secretKey("PWD")).isTrue();
        assertThat(r.redactedKeys()).contains("HOOK: user password", "DB: JDBC URL password", "-u password", "environment DB_PWD")
                .doesNotContain("environment PWD", "environment OLDPWD");
    }

    @Test
    void redactingTwiceChangesNothingMore() throws IOException {
        for (String tag : List.of("jdk17-secrets", "jdk25-secrets")) {
            Redactor r = Redactor.standard();
            byte[] environ = r.environ(fixture("environ/" + tag + ".bin"));
            byte[] cmdline = r.cmdline(fixture("cmdline/" + tag + ".bin"));
            String commandLine = r.vmCommandLine(text("vmcommandline/" + tag + ".txt"));
            String flags = r.vmFlags(text("vmflags/" + tag + "-all.txt"));
            String props = r.systemProperties(text("sysprops/" + tag + ".txt"));
            byte[] perf = HsperfdataParser.rewriteStrings(fixture("hsperfdata/" + tag + ".hsperfdata"), tag, r::perfCounter);

            assertThat(r.environ(environ)).isEqualTo(environ);
            assertThat(r.cmdline(cmdline)).isEqualTo(cmdline);
            assertThat(r.vmCommandLine(commandLine)).isEqualTo(commandLine);
            assertThat(r.vmFlags(flags)).isEqualTo(flags);
            assertThat(r.systemProperties(props)).isEqualTo(props);
            assertThat(HsperfdataParser.rewriteStrings(perf, tag, r::perfCounter)).isEqualTo(perf);
        }
    }

    static void assertNoSecret(byte[] bytes) {
        assertNoSecret(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    static void assertNoSecret(String text) {
        for (String s : SECRETS) {
            assertThat(text).as("holds %s", s).doesNotContain(s);
        }
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(FIXTURES.resolve(name));
    }

    private static String text(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }
}
