package dev.offheap.attach;

import dev.offheap.model.TargetException;

/**
 * An attach operation the target JVM ran and reported as failed, e.g.
 * {@code pid 1234: jcmd 'Foo.bar' failed: Unknown diagnostic command}. The JVM's own message is {@link #jvmMessage()}.
 */
public class JcmdException extends TargetException {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final String jvmMessage;

    public JcmdException(long pid, String operation, String jvmMessage) {
        super("pid " + pid + ": " + operation + " failed: " + jvmMessage);
        this.operation = operation;
        this.jvmMessage = jvmMessage;
    }

    /** What was asked, as in the message: {@code jcmd 'VM.version'} or {@code load '/path/lib.so'}. */
    public String operation() {
        return operation;
    }

    public String jvmMessage() {
        return jvmMessage;
    }
}
