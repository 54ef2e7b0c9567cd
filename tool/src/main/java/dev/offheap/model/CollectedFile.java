package dev.offheap.model;

/**
 * One more file of a collect folder beside a snapshot's sources: its name in the folder, its content (null when it
 * could not be taken: only the manifest line is written, {@code what} says why), what it is, how it was taken (the
 * command) and when ({@code takenAtMillis}, 0 when unknown).
 */
public record CollectedFile(String name, byte[] content, String what, String how, long takenAtMillis) {
}
