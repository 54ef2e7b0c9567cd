package dev.offheap.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a saved growth profile needs besides its recordings ({@code growth-profile.txt} of a collect folder): the
 * window, the file of each recording (parallel to the window's chunks), how each library is shown, and the frame
 * names that are symbols without a size ("library`name"), as the live target showed them.
 */
public record GrowthIndex(GrowthWindow window, List<String> files, Map<String, LibraryName> libraries, Set<String> unsized) {
    public GrowthIndex {
        files = List.copyOf(files);
        libraries = Map.copyOf(libraries);
        unsized = Set.copyOf(unsized);
    }
}
