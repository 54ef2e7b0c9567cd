package dev.offheap.cli;

/** Reads a PID argument: a positive whole number. */
final class PidArgument {
    private PidArgument() {
    }

    static long parse(String text) {
        try {
            long pid = Long.parseLong(text.trim());
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new UsageException("'" + text + "' is not a process id (expected a positive number; 'offheap ps' lists JVMs)");
    }
}
