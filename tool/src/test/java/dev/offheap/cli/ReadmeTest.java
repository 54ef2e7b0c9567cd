package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's playbook (and the rest of the README) names commands that exist, with options they take, and every
 * relative link of the README and of docs/*.md leads to a file (and heading) of the repository.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");

    // "$ offheap report 21091" in an example, "    offheap export --capture DIR   # …" in an indented block,
    // "`offheap watch PID`" in the text
    private static final Pattern COMMAND_IN_BLOCK = Pattern.compile("^(?:\\$ |    )(offheap [^#|&\\n]*)", Pattern.MULTILINE);
    private static final Pattern COMMAND_IN_CODE_SPAN = Pattern.compile("`(offheap [^`]*)`");
    // "[text](target)", not an image's or a reference's
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyCommandOfTheReadmeHasAHelpThatRunsAndListsTheOptionsShown() throws IOException {
        assertThat(commands(playbook()).keySet())
                .as("the playbook's commands")
                .contains("report", "watch", "profile", "analyze", "export");
        Map<String, Set<String>> optionsBySubcommand = commands(Files.readString(README, StandardCharsets.UTF_8));
        for (Map.Entry<String, Set<String>> e : optionsBySubcommand.entrySet()) {
            String help = help(e.getKey());
            for (String option : e.getValue()) {
                assertThat(help).as("'offheap %s --help' lists %s, which the README shows", e.getKey(), option)
                        .containsPattern("(?m)(^|[\\s,\\[])" + Pattern.quote(option) + "([=\\s\\],]|$)");
            }
        }
    }

    @Test
    void aCommandOrOptionThatDoesNotExistIsCaught() {
        assertThatThrownBy(() -> help("reprot")).isInstanceOf(AssertionError.class);
        assertThat(help("watch")).doesNotContainPattern("(?m)(^|[\\s,\\[])--every([=\\s\\],]|$)")
                .containsPattern("(?m)(^|[\\s,\\[])--interval([=\\s\\],]|$)");
        assertThat(commands("run `offheap watch PID --every 5s` then\n$ offheap profile 42 --duration 15s\n"
                + "`offheap run [--nmt detail] -- java --version`"))
                .containsExactly(Map.entry("watch", Set.of("--every")), Map.entry("run", Set.of("--nmt")),
                        Map.entry("profile", Set.of("--duration")));
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsLeadsToAFileAndHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).as("the docs pages").hasSizeGreaterThan(5);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Matcher m = LINK.matcher(withoutCode(text));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = ROOT.relativize(page) + ": (" + target + ")";
                if (!Files.exists(to)) {
                    broken.add(where + ": no file " + ROOT.relativize(to));
                    continue;
                }
                if (!to.startsWith(ROOT)) {
                    broken.add(where + ": outside the repository");
                } else if (anchor != null && to.toString().endsWith(".md")
                        && !anchors(Files.readString(to, StandardCharsets.UTF_8)).contains(anchor)) {
                    broken.add(where + ": no heading #" + anchor + " in " + ROOT.relativize(to));
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsAreGitHubsHeadingIds() {
        assertThat(anchors("# The growth profile: what makes RSS grow\n## Cost\n```\n# not a heading\n```\n### NATIVE_MALLOC_GROWTH\n"))
                .containsExactly("the-growth-profile-what-makes-rss-grow", "cost", "native_malloc_growth");
    }

    /** What 'offheap SUBCOMMAND --help' prints, after checking that it ran (exit 0) and is that command's help. */
    private static String help(String subcommand) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {subcommand, "--help"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("exit code of 'offheap %s --help' (stderr: %s)", subcommand, err).isZero();
        assertThat(out.toString()).as("'offheap %s --help'", subcommand).contains("Usage: offheap " + subcommand + " ");
        return out.toString();
    }

    /** The README from its playbook's heading to the next second-level heading. */
    private static String playbook() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Playbook");
        assertThat(start).as("README.md has a '## Playbook' section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** Subcommand to the options shown with it, for every 'offheap …' command in the text. */
    static Map<String, Set<String>> commands(String text) {
        Map<String, Set<String>> commands = new LinkedHashMap<>();
        for (Pattern p : List.of(COMMAND_IN_CODE_SPAN, COMMAND_IN_BLOCK)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String[] words = m.group(1).trim().split("\\s+");
                if (words.length < 2 || words[1].startsWith("-")) {
                    continue; // 'offheap --help'
                }
                Set<String> options = commands.computeIfAbsent(words[1], k -> new LinkedHashSet<>());
                for (String word : words) {
                    String w = word.replaceAll("^\\[+|[\\]…,.]+$", ""); // "[--jfr]", "--pids 1,2"
                    if (w.equals("--")) {
                        break; // what follows is the JVM's command line ('offheap run -- java …')
                    }
                    if (w.startsWith("--")) {
                        options.add(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
                    }
                }
            }
        }
        return commands;
    }

    /** The ids GitHub gives a page's headings: lower case, punctuation but '-' and '_' dropped, spaces as '-'. */
    static Set<String> anchors(String markdown) {
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String line : withoutCode(markdown).split("\n")) {
            Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (m.matches()) {
                String id = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
                int n = seen.merge(id, 1, Integer::sum);
                ids.add(n == 1 ? id : id + "-" + (n - 1));
            }
        }
        return ids;
    }

    /** The text without its fenced code blocks (a '#' line or a '](' there is no heading or link). */
    private static String withoutCode(String markdown) {
        return markdown.replaceAll("(?ms)^```.*?^```[^\\n]*$", "");
    }
}
