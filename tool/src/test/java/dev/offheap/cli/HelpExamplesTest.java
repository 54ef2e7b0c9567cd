package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.Cli;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help ends with an example, and every example a help shows is a command line offheap parses
 * (picocli's parseArgs, nothing executed), naming the command whose help it is.
 */
class HelpExamplesTest {
    @Test
    void theRootListsTheCommandsThisTestCovers() {
        Set<String> names = new TreeSet<>(Main.commandLine(Main.commands()).getSubcommands().keySet());
        assertThat(names).containsExactlyInAnyOrder("ps", "report", "watch", "profile", "heap", "collect", "analyze", "run",
                "export", "demo", "help");
    }

    @Test
    void everyCommandsHelpEndsWithAnExampleOfThatCommandThatParses() {
        List<String> commands = new ArrayList<>(Main.commandLine(Main.commands()).getSubcommands().keySet());
        commands.add(0, "");
        for (String command : commands) {
            Cli.Result r = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
            String shown = command.isEmpty() ? "offheap --help" : "offheap " + command + " --help";
            assertThat(r.exitCode()).as("%s: %s", shown, r.err()).isZero();
            assertThat(r.err()).as(shown).isEmpty();
            List<String> lines = r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            String last = lines.get(lines.size() - 1);
            assertThat(last).as("last line of %s", shown).startsWith("offheap ");
            int heading = Math.max(lines.lastIndexOf("Example:"), lines.lastIndexOf("Examples:"));
            assertThat(heading).as("an Example(s): heading in %s", shown).isNotNegative();
            List<String> examples = lines.subList(heading + 1, lines.size());
            assertThat(examples).as("examples of %s", shown).allMatch(l -> l.startsWith("offheap ") || l.startsWith("$ offheap "));
            for (String example : examples) {
                for (List<String> words : commandLines(example)) {
                    CommandLine.ParseResult parsed = parse(words, shown + ": " + example);
                    if (example.equals(last) && !command.isEmpty() && words == commandLines(example).get(0)) {
                        assertThat(parsed.subcommand()).as("%s names its command", example).isNotNull();
                        assertThat(parsed.subcommand().commandSpec().name()).as(example).isEqualTo(command);
                    }
                }
            }
            assertThat(examples).as("examples of %s", shown).isNotEmpty();
        }
    }

    @Test
    void anExampleWithAnOptionNoCommandHasFailsToParse() {
        // the check above can fail: an unknown option is refused by the same parse
        List<String> words = commandLines("offheap watch --intervall 1s 4242").get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.commandLine(Main.commands())
                        .parseArgs(words.subList(1, words.size()).toArray(String[]::new)))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--intervall");
    }

    @Test
    void shellWordsAreSplitAsAShellWould() {
        assertThat(commandLines("offheap report --json 4242 > report.json   # saved"))
                .containsExactly(List.of("offheap", "report", "--json", "4242"));
        assertThat(commandLines("offheap export --match 'kafka\\.Kafka|zookeeper'"))
                .containsExactly(List.of("offheap", "export", "--match", "kafka\\.Kafka|zookeeper"));
        assertThat(commandLines("offheap run --out prof -- java -cp app.jar Main; offheap analyze prof/*.heap"))
                .containsExactly(List.of("offheap", "run", "--out", "prof", "--", "java", "-cp", "app.jar", "Main"),
                        List.of("offheap", "analyze", "prof/*.heap"));
    }

    private static CommandLine.ParseResult parse(List<String> words, String what) {
        assertThat(words).as(what).isNotEmpty();
        assertThat(words.get(0)).as(what).isEqualTo("offheap");
        try {
            // a new command line each time: picocli keeps the values of the last parse in its model
            return Main.commandLine(Main.commands()).parseArgs(words.subList(1, words.size()).toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(what + ": does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The command lines of one example line as a shell splits them: words in single or double quotes, a backslash
     * escapes outside single quotes, {@code ;} and {@code &&} separate commands, {@code #} starts a comment,
     * redirections ({@code > FILE}, {@code >> FILE}, {@code < FILE}) are left out. A leading "$ " prompt is dropped.
     */
    static List<List<String>> commandLines(String line) {
        String text = line.startsWith("$ ") ? line.substring(2) : line;
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean redirect = false;
        int i = 0;
        while (i <= text.length()) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean end = i == text.length();
            if (end || Character.isWhitespace(c) || c == ';' || c == '&' && i + 1 < text.length() && text.charAt(i + 1) == '&') {
                if (word != null) {
                    if (redirect) {
                        redirect = false;
                    } else {
                        words.add(word.toString());
                    }
                    word = null;
                }
                if (!end && c != ' ' && !Character.isWhitespace(c)) {
                    commands.add(words);
                    words = new ArrayList<>();
                    i += c == '&' ? 2 : 1;
                    continue;
                }
                i++;
            } else if (c == '#' && word == null) {
                break;
            } else if ((c == '>' || c == '<') && word == null) {
                redirect = true;
                i += i + 1 < text.length() && text.charAt(i + 1) == '>' ? 2 : 1;
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                word = word == null ? new StringBuilder() : word;
                word.append(text, i + 1, close);
                i = close + 1;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                i++;
                while (text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(text.charAt(i++));
                }
                i++;
            } else if (c == '\\' && i + 1 < text.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(text.charAt(i + 1));
                i += 2;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
                i++;
            }
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
