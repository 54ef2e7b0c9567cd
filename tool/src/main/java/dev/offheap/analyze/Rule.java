package dev.offheap.analyze;

import dev.offheap.model.Budget;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.Finding;
import dev.offheap.model.Snapshot;
import java.util.Optional;

/** One diagnosis rule: a pure function of what is known about the target. */
public interface Rule {
    Optional<Finding> evaluate(Facts facts);

    /** What rules look at. */
    record Facts(Snapshot snapshot, ExplainedRss explained, Budget budget) {
    }
}
