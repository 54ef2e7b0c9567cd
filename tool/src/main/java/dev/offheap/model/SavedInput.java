package dev.offheap.model;

import java.util.OptionalLong;

/**
 * One saved file given to {@code offheap analyze}: the name it was given under, what it was read as, where it was cut
 * when it ends inside its own content, and what a file of that kind cannot tell (so the report says it is unknown
 * rather than guessing it).
 */
public record SavedInput(String name, String format, OptionalLong cutAtByte, String cannotTell) {
    public SavedInput {
        cutAtByte = cutAtByte == null ? OptionalLong.empty() : cutAtByte;
    }

    /** "smaps.txt: /proc/PID/smaps" or "smaps.txt: /proc/PID/smaps, cut at byte 70000: partial". */
    public String describe() {
        return name + ": " + format + (cutAtByte.isPresent() ? ", cut at byte " + cutAtByte.getAsLong() + ": partial" : "");
    }
}
