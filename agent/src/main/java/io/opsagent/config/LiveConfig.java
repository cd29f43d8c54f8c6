package io.opsagent.config;

import io.opsagent.util.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The configuration in force, which can change at run time (file edits, a second attach). A new
 * configuration is accepted only if every feature's validator accepts it; otherwise the last good
 * one stays and the rejected one is logged with its key and why. Keys that need a restart keep
 * their running values, and the log says so.
 */
public final class LiveConfig {
    /** Told after a new configuration is in force. Runs on an agent thread. */
    public interface Listener {
        void changed(AgentConfig now, AgentConfig before);
    }

    private final List<ConfigValidator> validators = new CopyOnWriteArrayList<ConfigValidator>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<Listener>();
    private volatile AgentConfig current;
    private volatile ConfigSources sources;

    public LiveConfig(ConfigSources sources, AgentConfig initial) {
        this.sources = sources;
        this.current = initial;
    }

    public AgentConfig get() {
        return current;
    }

    public ConfigSources sources() {
        return sources;
    }

    /** Registers a validator and runs it on the configuration in force (so a bad start-up value stops the start). */
    public void addValidator(ConfigValidator v) throws ConfigException {
        v.validate(current);
        validators.add(v);
    }

    public void removeValidator(ConfigValidator v) {
        validators.remove(v);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** Re-reads all sources; returns true if a new configuration is now in force. */
    public synchronized boolean reload(String why) {
        return reload(sources, why);
    }

    /** Applies other agent arguments (a second attach), keeping the rest of the sources. */
    public synchronized boolean reloadWithArgs(Map<String, String> agentArgs, String why) {
        return reload(sources.withAgentArgs(agentArgs), why);
    }

    private boolean reload(ConfigSources from, String why) {
        AgentConfig candidate;
        try {
            candidate = pinRestartKeys(from.load());
            for (ConfigValidator v : validators) {
                v.validate(candidate);
            }
        } catch (ConfigException e) {
            Log.warn("configuration change rejected (" + why + "), keeping the last good one: " + e.getMessage());
            return false;
        }
        AgentConfig before = current;
        sources = from;
        current = candidate;
        // Listeners run even when no key changed: a file a key names (a token file) may have.
        Log.info("configuration reloaded (" + why + ")" + (before.texts().equals(candidate.texts()) ? ", keys unchanged" : ""));
        for (Listener l : listeners) {
            try {
                l.changed(candidate, before);
            } catch (RuntimeException e) {
                Log.warn("applying the new configuration failed in " + l, e);
            }
        }
        return true;
    }

    /** Keys that need a restart keep their running value; the log says which were not applied. */
    private AgentConfig pinRestartKeys(AgentConfig candidate) throws ConfigException {
        Map<String, String> text = new LinkedHashMap<String, String>(candidate.texts());
        Map<String, String> src = new LinkedHashMap<String, String>(candidate.sources());
        List<String> needRestart = new ArrayList<String>();
        for (Key<?> k : Keys.all().values()) {
            if (k.reloadable()) {
                continue;
            }
            String was = current.text(k.name());
            String now = text.get(k.name());
            if (!Objects.equals(was, now)) {
                needRestart.add(k.name());
                if (was == null) {
                    text.remove(k.name());
                } else {
                    text.put(k.name(), was);
                    src.put(k.name(), current.source(k.name()));
                }
            }
        }
        if (!needRestart.isEmpty()) {
            Log.warn("changed keys " + needRestart + " need a restart of the JVM to take effect; the running values stay");
        }
        return AgentConfig.of(text, src);
    }
}
