package dev.offheap.saved;

import dev.offheap.files.OwnerOnly;
import dev.offheap.model.InputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A recording being written: each line is appended and flushed at once, so a killed watch loses at most one. */
public final class RecordingFile implements AutoCloseable {
    private final Path path;
    private final BufferedWriter writer;
    private int lines;

    private RecordingFile(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    /** Creates (or writes over) {@code path}, 0600: its header holds the target's flags and JVM arguments. */
    public static RecordingFile open(Path path) {
        try {
            return new RecordingFile(path, OwnerOnly.newBufferedWriter(path, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new InputException("--record: cannot write " + path + ": " + e.getMessage());
        }
    }

    public void append(String line) {
        try {
            writer.write(line);
            writer.write('\n');
            writer.flush();
            lines++;
        } catch (IOException e) {
            throw new InputException("--record: cannot write " + path + ": " + e.getMessage());
        }
    }

    /** Deletes the file if it holds no more than its header line. */
    public void deleteIfNoSample() {
        if (lines <= 1) {
            try {
                writer.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new InputException("--record: cannot delete " + path + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
