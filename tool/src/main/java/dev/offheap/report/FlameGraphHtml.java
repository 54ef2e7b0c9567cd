package dev.offheap.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import one.convert.Arguments;
import one.convert.FlameGraph;

/** A flame graph HTML page from collapsed stacks, drawn by async-profiler's converter (jfr-converter's FlameGraph). */
public final class FlameGraphHtml {
    private FlameGraphHtml() {
    }

    public static void write(String collapsed, String title, OutputStream out) throws IOException {
        Arguments args = new Arguments();
        args.title = title;
        FlameGraph fg = new FlameGraph(args);
        fg.parseCollapsed(new StringReader(collapsed));
        fg.dump(out);
    }
}
