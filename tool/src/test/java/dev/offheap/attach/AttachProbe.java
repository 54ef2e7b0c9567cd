package dev.offheap.attach;

import dev.offheap.model.TargetException;

/** Attaches to {@code args[0]} and prints the first line of VM.version, or "error: <message>": run as another user by tests. */
public final class AttachProbe {
    private AttachProbe() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(AttachClient.open(Long.parseLong(args[0])).jcmd("VM.version").lines().findFirst().orElse(""));
        } catch (TargetException e) {
            System.out.println("error: " + e.getMessage());
            System.exit(3);
        }
    }
}
