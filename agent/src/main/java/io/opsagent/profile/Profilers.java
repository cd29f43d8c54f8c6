package io.opsagent.profile;

import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import java.nio.file.Path;

/** What profiles on request and the leak-site sampler share: the one slot and the lazily loaded native profiler. */
public final class Profilers {
    private final ProfilerSlot slot = new ProfilerSlot();
    private volatile Path dataDir;
    private volatile LiveConfig config;

    void use(Path dir, LiveConfig c) {
        this.dataDir = dir;
        this.config = c;
    }

    public ProfilerSlot slot() {
        return slot;
    }

    /** async-profiler, loaded now if it was not yet; throws with the reason where it cannot load. */
    public NativeProfiler nativeProfiler() throws NativeProfiler.Unavailable {
        return NativeProfiler.get(dataDir, config.get().get(Keys.PROFILE_LIB));
    }
}
