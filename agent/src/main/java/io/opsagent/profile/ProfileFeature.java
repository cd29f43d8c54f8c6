package io.opsagent.profile;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.profile.sites.AllocationSites;
import io.opsagent.util.FilePerms;

/**
 * {@code POST /profile} (operator): cpu, alloc, wall and lock profiles by async-profiler, or by JFR
 * where the native library cannot load. Nothing of async-profiler is loaded until the first profile.
 * It also owns the leak-site sampler, which {@code /leaks} drives.
 */
public final class ProfileFeature implements Feature {
    private final Profilers profilers = new Profilers();
    private final AllocationSites sites = new AllocationSites(profilers);

    /** The allocation-site sampler {@code /leaks} uses. */
    public AllocationSites sites() {
        return sites;
    }

    @Override
    public void start(AgentContext c) throws Exception {
        profilers.use(c.dataDir(), c.config());
        ProfileEndpoints e = new ProfileEndpoints(profilers, c.config(), FilePerms.privateDir(c.dataDir().resolve("profiles")));
        c.scope().route(Route.post("/profile", Role.OPERATOR, null, e::profile).needsDump());
        sites.start(c);
        c.scope().onClose(sites::stop);
    }
}
