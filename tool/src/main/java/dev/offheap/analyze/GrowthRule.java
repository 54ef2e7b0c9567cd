package dev.offheap.analyze;

import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The rows whose growth this rule's findings name; empty for a rule on a state (a limit reached), a count alone or
     * a version. A row's time to its limit is shown only while a warning or critical finding naming it stands (the
     * rules stand behind that trend), and such a finding is held after its growth stopped for as long as that
     * memory stays allocated ({@link HeldLeaks}).
     */
    default Set<MemoryCategory> memory() {
        return Set.of();
    }
}
