package io.opsagent.config;

import io.opsagent.discovery.DiscoveryFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the key sources in the contract's order — agent arguments, system properties
 * {@code opsagent.<key>}, environment {@code OPSAGENT_<KEY>}, the {@code config=} file, defaults —
 * and merges them, the first that sets a key winning.
 */
public final class ConfigSources {
    private static final String SYSPROP_PREFIX = "opsagent.";
    private static final String ENV_PREFIX = "OPSAGENT_";
    /** System properties the agent itself sets or reads, which are not configuration keys. */
    private static final String[] OWN_PROPERTIES = {DiscoveryFile.URL_PROPERTY, "opsagent.debug", "opsagent.state"};

    private final Map<String, String> agentArgs;
    private final Properties system;
    private final Map<String, String> env;

    public ConfigSources(Map<String, String> agentArgs, Properties system, Map<String, String> env) {
        this.agentArgs = agentArgs;
        this.system = system;
        this.env = env;
    }

    public static ConfigSources fromProcess(String agentArgs) throws ConfigException {
        return new ConfigSources(AgentArgs.parse(agentArgs), System.getProperties(), System.getenv());
    }

    /** Reads everything (the file again too) and validates. */
    public AgentConfig load() throws ConfigException {
        Map<String, String> text = new LinkedHashMap<String, String>();
        Map<String, String> sources = new LinkedHashMap<String, String>();
        for (Map.Entry<String, String> e : agentArgs.entrySet()) {
            put(text, sources, e.getKey(), e.getValue(), "agent argument " + e.getKey());
        }
        for (String name : system.stringPropertyNames()) {
            if (!name.startsWith(SYSPROP_PREFIX) || isOwn(name)) {
                continue;
            }
            String key = name.substring(SYSPROP_PREFIX.length());
            if (!Keys.isKnown(key)) {
                io.opsagent.util.Log.warn("ignoring system property " + name + ": not a configuration key");
                continue;
            }
            put(text, sources, key, system.getProperty(name), "system property " + name);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) {
                continue;
            }
            String key = keyOfEnv(e.getKey());
            if (key == null) {
                io.opsagent.util.Log.warn("ignoring environment variable " + e.getKey() + ": not a configuration key");
                continue;
            }
            put(text, sources, key, e.getValue(), "environment " + e.getKey());
        }
        String file = text.get(Keys.CONFIG.name());
        if (file != null && !file.trim().isEmpty()) {
            Properties props = readFile(Paths.get(file.trim()));
            for (String key : props.stringPropertyNames()) {
                if (key.equals(Keys.CONFIG.name())) {
                    throw new ConfigException(key, "cannot be set inside the config file " + file);
                }
                put(text, sources, key, props.getProperty(key), "config file " + file);
            }
        }
        return AgentConfig.of(text, sources);
    }

    /** The config file named by the sources, or null: the watcher polls it. */
    public Path configFile() {
        String f = agentArgs.get(Keys.CONFIG.name());
        if (f == null) {
            f = system.getProperty(SYSPROP_PREFIX + Keys.CONFIG.name());
        }
        if (f == null) {
            f = env.get(Keys.CONFIG.envName());
        }
        return f == null || f.trim().isEmpty() ? null : Paths.get(f.trim());
    }

    /** A copy with other agent arguments, e.g. those of a second attach. */
    public ConfigSources withAgentArgs(Map<String, String> args) {
        return new ConfigSources(args, system, env);
    }

    static Properties readFile(Path file) throws ConfigException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new ConfigException(Keys.CONFIG.name(), "cannot read " + file + " (" + e + "); check the path and that this JVM's user may read it");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Keys.CONFIG.name(), file + " is not a valid properties file: " + e.getMessage());
        }
        return props;
    }

    private static boolean isOwn(String name) {
        for (String own : OWN_PROPERTIES) {
            if (own.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** OPSAGENT_TOKEN_FILE -> token.file; OPSAGENT_CHECK_DB_TYPE -> check.db.type. */
    static String keyOfEnv(String envName) {
        for (Key<?> k : Keys.all().values()) {
            if (k.envName().equals(envName)) {
                return k.name();
            }
        }
        String rest = envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return Keys.isKnown(rest) && !Keys.all().containsKey(rest) ? rest : null;
    }

    private static void put(Map<String, String> text, Map<String, String> sources, String key, String value, String source) {
        if (!text.containsKey(key)) {
            text.put(key, value);
            sources.put(key, source);
        }
    }
}
