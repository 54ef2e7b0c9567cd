package dev.offheap.model;

import java.util.List;

/**
 * One line of {@code /proc/PID/cgroup}: {@code "4:memory:/docker/3f0c"} (v1, controllers named) or
 * {@code "0::/user.slice"} (v2, hierarchy 0, no controllers). The path is relative to the hierarchy's root as seen
 * from the reader's cgroup namespace.
 */
public record CgroupPath(int hierarchyId, List<String> controllers, String path) {
    public CgroupPath {
        controllers = List.copyOf(controllers);
    }

    public boolean isUnified() {
        return hierarchyId == 0 && controllers.isEmpty();
    }

    public boolean hasController(String name) {
        return controllers.contains(name);
    }
}
