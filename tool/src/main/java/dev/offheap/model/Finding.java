package dev.offheap.model;

import java.util.List;

/**
 * One diagnosis: a stable {@code id} (e.g. {@code NMT_OFF}), how much it matters, a plain explanation, the evidence
 * with numbers, the remedy for this target, and the culprit where one is known (else null).
 */
public record Finding(String id, Severity severity, String title, String summary, List<String> evidence,
                      String remedy, Culprit culprit) {
    public Finding {
        evidence = List.copyOf(evidence);
    }
}
