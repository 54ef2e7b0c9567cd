package dev.offheap.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import java.util.List;

/** The {@code offheap/1} JSON document: schema, tool, findings, plus what each command adds. */
public final class Json {
    public static final String SCHEMA = "offheap/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new document with {@code schema} and {@code tool}; the caller adds its sections and then {@link #findings}. */
    public static ObjectNode document(String toolVersion) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("schema", SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "offheap");
        tool.put("version", toolVersion);
        return doc;
    }

    public static ArrayNode findings(ObjectNode doc, List<Finding> findings) {
        ArrayNode array = doc.putArray("findings");
        for (Finding f : findings) {
            ObjectNode n = array.addObject();
            n.put("id", f.id());
            n.put("severity", f.severity().text());
            n.put("title", f.title());
            n.put("summary", f.summary());
            ArrayNode evidence = n.putArray("evidence");
            f.evidence().forEach(evidence::add);
            n.put("remedy", f.remedy());
            if (f.culprit() != null) {
                n.set("culprit", culprit(f.culprit()));
            }
        }
        return array;
    }

    private static ObjectNode culprit(Culprit c) {
        ObjectNode n = MAPPER.createObjectNode();
        putIfPresent(n, "library", c.library());
        putIfPresent(n, "javaMethod", c.javaMethod());
        putIfPresent(n, "className", c.className());
        putIfPresent(n, "thread", c.thread());
        return n;
    }

    private static void putIfPresent(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    public static String toText(ObjectNode doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
