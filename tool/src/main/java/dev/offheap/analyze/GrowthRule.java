package dev.offheap.analyze;

import dev.offheap.model.Finding;
import java.util.Optional;

/** One diagnosis rule over a watch: a pure function of the recording's samples and static facts. */
public interface GrowthRule {
    Optional<Finding> evaluate(Growth growth);

    /**
     * Why the rule cannot apply to this target although its symptom is there (e.g. a JDK that no longer has the
     * cause), shown as a note instead of guessing; empty otherwise.
     */
    default Optional<String> note(Growth growth) {
        return Optional.empty();
    }
}
