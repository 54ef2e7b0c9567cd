package dev.offheap.model;

import java.util.List;

/**
 * One diagnosis: a stable {@code id} (e.g. {@code NMT_OFF}), how much it matters, a plain explanation, the evidence
 * with numbers, the remedy for this target, and the culprit where one is known (else null). The id and the severity
 * are those of the catalog ({@link FindingId}): a finding outside it is a bug of the rule that made it.
 */
public record Finding(String id, Severity severity, String title, String summary, List<String> evidence,
                      String remedy, Culprit culprit) {
    public Finding {
        FindingId kind = FindingId.of(id);
        if (!kind.allows(severity)) {
            throw new IllegalArgumentException("finding " + id + " at " + severity + ": the catalog (FindingId) allows only "
                    + kind.severities());
        }
        evidence = List.copyOf(evidence);
    }

    public Finding(FindingId id, Severity severity, String title, String summary, List<String> evidence, String remedy,
                   Culprit culprit) {
        this(id.id(), severity, title, summary, evidence, remedy, culprit);
    }

    /** The catalog entry of this finding's id. */
    public FindingId kind() {
        return FindingId.of(id);
    }
}
