package dev.offheap.saved;

import dev.offheap.model.FaultRecording;
import dev.offheap.model.GrowthIndex;
import dev.offheap.model.InputException;
import dev.offheap.parse.TextInput;
import dev.offheap.parse.profiles.GrowthIndexParser;
import dev.offheap.parse.profiles.PageFaultJfrReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The growth profile of a collect folder ({@code offheap collect --profile}): growth-profile.txt and the page-fault
 * recordings it lists, read back into the same window and samples the live profile had.
 */
public final class GrowthProfileFiles {
    public static final String INDEX = "growth-profile.txt";

    /** The index and its recordings, in its order. */
    public record Saved(GrowthIndex index, List<FaultRecording> recordings) {
    }

    private GrowthProfileFiles() {
    }

    /** The folder's growth profile, or empty when it has none. */
    public static Optional<Saved> read(Path dir) {
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        GrowthIndex parsed = GrowthIndexParser.parse(TextInput.read(index), TextInput.sourceName(index));
        List<FaultRecording> recordings = new ArrayList<>();
        for (int i = 0; i < parsed.files().size(); i++) {
            String name = parsed.files().get(i);
            Path file = dir.resolve(name).normalize();
            if (!file.startsWith(dir.normalize()) || name.contains("/")) {
                throw new InputException(index + ": recording '" + name + "' is not a file of this folder");
            }
            recordings.add(PageFaultJfrReader.read(file, parsed.window().chunks().get(i).interval()));
        }
        return Optional.of(new Saved(parsed, recordings));
    }
}
