package dev.offheap.report.html;

import static dev.offheap.report.html.Ticks.n;

import dev.offheap.model.AllocationSite;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flame graph of allocation sites drawn as inline SVG on the server side (no script): the root at the bottom,
 * callers below callees, each frame as wide as the bytes allocated through it, a tooltip with the full name.
 * Colours as in async-profiler: Java green, native yellow-orange, kernel orange, JIT stubs and unknown grey.
 */
final class FlameGraphSvg {
    private static final int WIDTH = 1180;
    private static final int ROW = 17;
    private static final int MAX_DEPTH = 64;
    /** Frames narrower than this many pixels are not drawn (their bytes stay in their parent). */
    private static final double MIN_WIDTH = 0.6;

    /** One frame of the merged tree; children keyed by kind, library and name, kept in the order first seen. */
    private static final class Node {
        final StackFrame frame;
        final Map<String, Node> children = new LinkedHashMap<>();
        long bytes;
        long count;

        Node(StackFrame frame) {
            this.frame = frame;
        }
    }

    private FlameGraphSvg() {
    }

    static void render(Html h, List<AllocationSite> sites) {
        Node root = new Node(new StackFrame("all", null, StackFrame.Kind.UNKNOWN));
        for (AllocationSite s : sites) {
            if (s.bytes() <= 0) {
                continue;
            }
            root.bytes += s.bytes();
            root.count += s.count();
            Node node = root;
            List<StackFrame> frames = s.frames();
            for (int i = frames.size() - 1; i >= Math.max(0, frames.size() - MAX_DEPTH); i--) {
                StackFrame f = frames.get(i);
                node = node.children.computeIfAbsent(f.kind() + "\u0000" + f.library() + "\u0000" + f.name(), k -> new Node(f));
                node.bytes += s.bytes();
                node.count += s.count();
            }
        }
        int depth = depth(root, WIDTH / (double) Math.max(1, root.bytes));
        int height = (depth + 1) * ROW + 4;
        h.raw("<svg class=\"flame\" role=\"img\" viewBox=\"0 0 " + WIDTH + " " + height + "\" width=\"" + WIDTH
                + "\" height=\"" + height + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        h.el("title", null, "flame graph of " + Sizes.format(root.bytes));
        draw(h, root, 0, 0, WIDTH / (double) Math.max(1, root.bytes), root.bytes, height);
        h.raw("</svg>");
    }

    private static int depth(Node node, double scale) {
        int max = 0;
        for (Node c : node.children.values()) {
            if (c.bytes * scale >= MIN_WIDTH) {
                max = Math.max(max, 1 + depth(c, scale));
            }
        }
        return max;
    }

    private static void draw(Html h, Node node, int level, double x, double scale, long total, int height) {
        double w = node.bytes * scale;
        double y = height - (level + 1) * ROW - 2;
        StackFrame f = node.frame;
        String where = f.library() != null && !f.name().startsWith("[") ? " (" + f.library() + ")" : "";
        h.raw("<g><title>").text(f.name() + where + "\n" + Sizes.format(node.bytes) + " in " + node.count
                + " allocations, " + RssBarChart.percent(node.bytes, total)).raw("</title>");
        h.raw("<rect x=\"" + n(x) + "\" y=\"" + n(y) + "\" width=\"" + n(Math.max(w - 0.5, 0.3)) + "\" height=\""
                + (ROW - 1) + "\" rx=\"2\" fill=\"" + (level == 0 ? "#e0c090" : color(f)) + "\"/>");
        int chars = (int) ((w - 6) / 6.4);
        if (chars >= 3) {
            String name = f.name().length() <= chars ? f.name() : f.name().substring(0, chars - 1) + "…";
            h.raw("<text x=\"" + n(x + 3) + "\" y=\"" + n(y + ROW - 5) + "\" font-size=\"11\" fill=\"#1d1d1d\">")
                    .text(name).raw("</text>");
        }
        h.raw("</g>");
        List<Node> children = new ArrayList<>(node.children.values());
        children.sort(Comparator.comparing((Node c) -> c.frame.name()));
        double cx = x;
        for (Node c : children) {
            if (c.bytes * scale >= MIN_WIDTH) {
                draw(h, c, level + 1, cx, scale, total, height);
            }
            cx += c.bytes * scale;
        }
    }

    private static String color(StackFrame f) {
        int shade = Math.floorMod(f.name().hashCode(), 40);
        return switch (f.kind()) {
            case JAVA -> rgb(80 + shade, 200 + shade / 2, 80);
            case NATIVE -> rgb(220 + shade / 2, 150 + shade * 2, 60);
            case KERNEL -> rgb(230, 120 + shade, 40);
            case JIT_STUB -> rgb(150 + shade, 190, 210);
            case UNKNOWN -> rgb(180 + shade, 180 + shade, 180 + shade);
            case THREAD -> rgb(200, 200, 230);
        };
    }

    private static String rgb(int r, int g, int b) {
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x", Math.min(r, 255), Math.min(g, 255), Math.min(b, 255));
    }
}
