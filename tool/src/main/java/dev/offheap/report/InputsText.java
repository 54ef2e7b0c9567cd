package dev.offheap.report;

import dev.offheap.model.SavedInput;
import java.util.List;

/** The "Read:" block of an analysis of saved files: each file, what it was read as, and what it cannot tell. */
public final class InputsText {
    private InputsText() {
    }

    public static String render(List<SavedInput> inputs) {
        StringBuilder sb = new StringBuilder("Read:\n");
        for (SavedInput in : inputs) {
            sb.append("  ").append(OneLine.of(in.describe())).append('\n');
            if (!in.cannotTell().isEmpty()) {
                sb.append("    cannot tell: ").append(in.cannotTell()).append('\n');
            }
        }
        return sb.toString();
    }
}
