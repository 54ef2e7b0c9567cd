package dev.offheap.cli;

import dev.offheap.model.InputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A recording being written: each line is appended and flushed at once, so a killed watch loses at most one. */
final class RecordingFile implements AutoCloseable {
    private final Path path;
    private final BufferedWriter writer;
    private int lines;

    private RecordingFile(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    static RecordingFile open(Path path) {
        try {
            return new RecordingFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new InputException("--record: cannot write " + path + ": " + e.getMessage());
        }
    }

    void append(String line) {
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
    void deleteIfNoSample() {
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
