/**
 * The self-contained HTML pages (charts, findings, tables, flame graphs; no script, no network). May use
 * {@code report} and {@code model}.
 */
package dev.offheap.report.html;
