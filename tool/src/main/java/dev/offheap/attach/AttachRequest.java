package dev.offheap.attach;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes one HotSpot attach operation request as the target's attach listener reads it
 * ({@code AttachOperation::RequestReader::read_request} in attachListener.cpp). Strings are UTF-8, each ends with NUL.
 */
final class AttachRequest {
    static final int V1 = 1;
    static final int V2 = 2;
    /** v1 limits (AttachOperation::name_length_max, arg_length_max, arg_count_max). */
    static final int V1_NAME_MAX = 16;
    static final int V1_ARG_MAX = 1024;
    static final int V1_ARG_COUNT = 3;
    /** v2 limit: the listener rejects requests above 256 KB. */
    static final int V2_SIZE_MAX = 256 * 1024;

    private AttachRequest() {
    }

    /**
     * Protocol v1 (all JDKs since 6): {@code "1\0<op>\0<arg0>\0<arg1>\0<arg2>\0"}, always exactly three arguments
     * (missing ones empty), e.g. {@code "1\0jcmd\0VM.version\0\0\0"}.
     */
    static byte[] v1(String op, List<String> args) {
        if (args.size() > V1_ARG_COUNT) {
            throw new IllegalArgumentException("protocol v1 takes at most 3 arguments, got " + args.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        put(out, Integer.toString(V1));
        put(out, op, V1_NAME_MAX, "operation name");
        for (int i = 0; i < V1_ARG_COUNT; i++) {
            put(out, i < args.size() ? args.get(i) : "", V1_ARG_MAX, "argument");
        }
        return out.toByteArray();
    }

    /**
     * Protocol v2 (JDK 24+): {@code "2\0<size>\0<op>[ <options>]\0(<arg>\0)*"} where size is the byte count of
     * everything after the size field, e.g. {@code "2\0" + "23\0" + "jcmd streaming=0\0VM.version\0"}.
     * Options (JDK 25+, only those {@code getversion options} listed) are comma-separated {@code name=value}
     * appended to the operation name after one space; {@code options} may be empty.
     */
    static byte[] v2(String op, String options, List<String> args) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        put(body, options.isEmpty() ? op : op + " " + options);
        for (String arg : args) {
            put(body, arg);
        }
        if (body.size() > V2_SIZE_MAX) {
            throw new IllegalArgumentException("request of " + body.size() + " bytes exceeds the 256 KB limit of protocol v2");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        put(out, Integer.toString(V2));
        put(out, Integer.toString(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, String s, int max, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > max) {
            throw new IllegalArgumentException(what + " longer than " + max + " bytes, too long for protocol v1: " + s);
        }
        out.writeBytes(b);
        out.write(0);
    }

    private static void put(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
