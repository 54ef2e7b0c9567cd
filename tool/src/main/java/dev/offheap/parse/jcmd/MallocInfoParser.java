package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.MallocInfo;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * glibc {@code malloc_info(3)} XML, as printed by {@code jcmd PID System.native_heap_info} (JDK 21+, 17.0.x backports).
 * Only {@code <malloc version="1">} is supported; the jcmd "PID:" line before the XML is skipped.
 */
public final class MallocInfoParser {
    private MallocInfoParser() {
    }

    public static MallocInfo parse(String text, String source) {
        int xmlStart = text.indexOf("<malloc");
        if (xmlStart < 0) {
            throw new InputException(source + ": expected malloc_info XML ('<malloc version=\"1\">'), found: \""
                    + firstLine(text) + "\"");
        }
        try {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLStreamReader r = factory.createXMLStreamReader(new StringReader(text.substring(xmlStart)));
            return read(r, source);
        } catch (XMLStreamException e) {
            throw new InputException(source + ": malformed malloc_info XML at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber()) + ": " + e.getMessage().lines().reduce((a, b) -> b).orElse(""));
        }
    }

    private static MallocInfo read(XMLStreamReader r, String source) throws XMLStreamException {
        List<MallocInfo.Arena> arenas = new ArrayList<>();
        int depth = 0;
        int nr = -1;
        long system = 0;
        long fast = 0;
        long rest = 0;
        int subheaps = 0;
        long totalSystem = 0;
        long totalFast = 0;
        long totalRest = 0;
        long mmapped = 0;
        long mmappedCount = 0;
        boolean sawMalloc = false;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = r.getLocalName();
                if (depth == 1) {
                    if (!name.equals("malloc") || !"1".equals(r.getAttributeValue(null, "version"))) {
                        throw new InputException(source + ": unsupported malloc_info document <" + name
                                + " version=" + r.getAttributeValue(null, "version") + "> (supported: <malloc version=\"1\">)");
                    }
                    sawMalloc = true;
                } else if (name.equals("heap") && depth == 2) {
                    nr = (int) Math.min(Integer.MAX_VALUE, number(r, "nr", source));
                    system = 0;
                    fast = 0;
                    rest = 0;
                    subheaps = 0;
                } else if (depth == 3 && nr >= 0) {
                    // <total type="rest" count="2" size="101569"/>  <system type="current" size="135168"/>
                    String type = r.getAttributeValue(null, "type");
                    long size = number(r, "size", source);
                    if (name.equals("total") && "fast".equals(type)) {
                        fast = size;
                    } else if (name.equals("total") && "rest".equals(type)) {
                        rest = size;
                    } else if (name.equals("system") && "current".equals(type)) {
                        system = size;
                    } else if (name.equals("aspace") && "subheaps".equals(type)) {
                        subheaps = (int) size;
                    }
                } else if (depth == 2) {
                    String type = r.getAttributeValue(null, "type");
                    long size = number(r, "size", source);
                    if (name.equals("total") && "fast".equals(type)) {
                        totalFast = size;
                    } else if (name.equals("total") && "rest".equals(type)) {
                        totalRest = size;
                    } else if (name.equals("total") && "mmap".equals(type)) {
                        mmapped = size;
                        mmappedCount = number(r, "count", source);
                    } else if (name.equals("system") && "current".equals(type)) {
                        totalSystem = size;
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == 2 && r.getLocalName().equals("heap")) {
                    arenas.add(new MallocInfo.Arena(nr, system, fast, rest, subheaps));
                    nr = -1;
                }
                depth--;
            }
        }
        if (!sawMalloc) {
            throw new InputException(source + ": empty malloc_info document");
        }
        return new MallocInfo(arenas, totalSystem, totalFast + totalRest, mmapped, mmappedCount);
    }

    /** An attribute's number (0 when absent), or a located error for anything but up to 18 digits. */
    private static long number(XMLStreamReader r, String attribute, String source) {
        String v = r.getAttributeValue(null, attribute);
        if (v == null) {
            return 0;
        }
        if (!v.matches("[0-9]{1,18}")) {
            throw new InputException(source + ": line " + r.getLocation().getLineNumber() + ": expected a number in "
                    + attribute + "=\"...\", found \"" + (v.length() > 40 ? v.substring(0, 40) + "..." : v).replaceAll("[^\\x20-\\x7e]", "?") + "\"");
        }
        return Long.parseLong(v);
    }

    private static String firstLine(String text) {
        String line = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
