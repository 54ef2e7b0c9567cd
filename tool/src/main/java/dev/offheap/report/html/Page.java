package dev.offheap.report.html;

/**
 * The shell of every HTML report: one self-contained page (inline CSS, inline SVG charts, no script, no external
 * resource). Its Content-Security-Policy forbids scripts and every network request, so even a string that escaped
 * escaping could neither run nor call home.
 */
final class Page {
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private static final String CSS = """
            :root{--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#f5f6f8;--card:#fff;--crit:#c62828;--warn:#e07b00;--info:#2f6fb5}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
            header{background:#1d2330;color:#fff;padding:14px 28px}
            header h1{margin:0;font-size:18px;font-weight:600}
            header .target{color:#b9c2d3;font-size:13px;margin-top:2px;word-break:break-all}
            main{max-width:1240px;margin:0 auto;padding:18px 28px 40px}
            section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
            h2{font-size:16px;margin:0 0 10px}
            h3{font-size:14px;margin:14px 0 6px}
            .answer{font-size:19px;font-weight:600;margin:0}
            .verdict{margin:8px 0 0;color:var(--muted)}
            .verdict b.critical{color:var(--crit)} .verdict b.warning{color:var(--warn)}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px}
            .card{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;padding:12px 16px;background:#fff}
            .card.critical{border-left-color:var(--crit)} .card.warning{border-left-color:var(--warn)}
            .card h3{margin:0 0 6px;font-size:15px}
            .sev{display:inline-block;font-size:11px;font-weight:700;color:#fff;border-radius:3px;padding:1px 6px;margin-right:6px;background:var(--info);vertical-align:1px}
            .sev.critical{background:var(--crit)} .sev.warning{background:var(--warn)}
            .id{font:12px ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted)}
            .card ul{margin:6px 0;padding-left:20px} .card li{margin:2px 0}
            .culprit{font-size:13px;color:var(--muted);word-break:break-all}
            .remedy{background:#eef6ee;border-radius:4px;padding:8px 10px;margin-top:8px}
            .remedy b{color:#2e7d32}
            table{border-collapse:collapse;width:100%;font-size:13px}
            th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            th{color:var(--muted);font-weight:600;background:#fafbfc}
            td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
            tr.part td{color:var(--muted);font-size:12px;border-bottom:1px dotted var(--line)}
            tr.part td:first-child{padding-left:30px;word-break:break-all}
            tr.total td{font-weight:700}
            tr.grow td{background:#fff4e5}
            .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
            .note{color:var(--muted);font-size:13px;margin:4px 0}
            .mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;word-break:break-all}
            .facts{display:flex;flex-wrap:wrap;gap:8px 22px;margin:6px 0}
            .fact b{display:block;font-size:18px} .fact span{color:var(--muted);font-size:12px}
            .projection{background:#fff4e5;border-radius:4px;padding:8px 12px;margin:8px 0}
            .empty{color:var(--muted);font-style:italic}
            svg{display:block;max-width:100%;height:auto}
            svg text{font-family:system-ui,"DejaVu Sans",sans-serif}
            .flame rect:hover{stroke:#000;stroke-width:1}
            details summary{cursor:pointer;color:var(--info)}
            """;

    private Page() {
    }

    /** The whole document: {@code heading} in the header bar, {@code target} under it, then {@code body}. */
    static String render(String heading, String target, Html body) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"").raw(CSP).raw("\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .el("title", null, heading + (target == null ? "" : " — " + target))
                .raw("<style>").raw(CSS).raw("</style></head>\n<body><header>")
                .el("h1", null, heading);
        if (target != null) {
            h.el("div", "target", target);
        }
        h.raw("</header>\n<main>").append(body).raw("</main></body></html>\n");
        return h.toString();
    }

    /** Opens a section with a heading; the caller closes it with {@code close("section")}. */
    static Html section(Html h, String title) {
        return h.open("section", null).el("h2", null, title);
    }
}
