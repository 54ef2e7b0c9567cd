package dev.offheap.cli;

import dev.offheap.analyze.GrowthProfiles;
import dev.offheap.model.GrowthIndex;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.LibraryName;
import dev.offheap.saved.GrowthProfileFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The growth profile saved in a folder ({@code collect --profile}, a capture): growth-profile.txt and its page-fault
 * recordings made into the profile {@code offheap profile} gave live, its libraries named as the live target showed them.
 */
final class SavedGrowthProfile {
    private SavedGrowthProfile() {
    }

    /** The folder's growth profile, or empty when it has none. */
    static Optional<GrowthProfile> read(Path dir) {
        return GrowthProfileFiles.read(dir).map(saved -> {
            GrowthIndex index = saved.index();
            Map<String, LibraryName> names = index.libraries();
            return GrowthProfiles.build(index.window(), saved.recordings(), lib -> names.getOrDefault(lib, LibraryName.of(lib)),
                    index.unsized(), List.of());
        });
    }
}
