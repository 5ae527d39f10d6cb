package org.siprec.ops.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file system where the embedded SRS writes its recordings ({@code disk.path}) has at least
 * {@code disk.free.min.mb} MiB usable. The folder need not exist yet (it is created with the first recording): the
 * nearest existing parent's file system is measured.
 */
@Component(service = HealthCheck.class, configurationPid = HealthConfig.PID,
        property = {HealthCheck.NAME + "=disk-space", HealthCheck.TAGS + "=ready"})
public class DiskSpaceCheck implements HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceCheck.class);
    private static final long MIB = 1024L * 1024L;

    private volatile Path path = defaultPath();
    private volatile long minimumMb = 512;

    @Activate
    @Modified
    void configure(HealthConfig config) {
        if (config.disk_free_min_mb() < 0) {
            LOG.error("{}: disk.free.min.mb={} is negative; keeping {}", HealthConfig.PID, config.disk_free_min_mb(), minimumMb);
        } else {
            minimumMb = config.disk_free_min_mb();
        }
        String p = config.disk_path().trim();
        try {
            path = p.isEmpty() ? defaultPath() : Path.of(p).toAbsolutePath();
        } catch (RuntimeException e) {
            LOG.error("{}: disk.path={} is not a path ({}); keeping {}", HealthConfig.PID, p, e.getMessage(), path);
        }
    }

    static Path defaultPath() {
        return Path.of(System.getProperty("karaf.data", "data"), "recordings").toAbsolutePath();
    }

    @Override
    public HealthResult check() {
        Path p = path;
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return HealthResult.critical("no existing folder on the way to " + p);
        }
        try {
            long freeMb = Files.getFileStore(existing).getUsableSpace() / MIB;
            String found = freeMb + " MiB free for " + p + " (minimum " + minimumMb + " MiB)";
            return freeMb >= minimumMb ? HealthResult.ok(found) : HealthResult.critical(found);
        } catch (IOException e) {
            return HealthResult.critical("cannot read the free space of " + existing + ": " + e.getMessage());
        }
    }
}
