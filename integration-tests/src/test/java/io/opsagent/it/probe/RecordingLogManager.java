package io.opsagent.it.probe;

import java.util.logging.LogManager;

/**
 * Installed with {@code -Djava.util.logging.manager}: records which thread first initialised
 * java.util.logging, so a test can tell whether the agent touched it on the application's thread.
 */
public class RecordingLogManager extends LogManager {
    public static volatile String initialisedOn;

    public RecordingLogManager() {
        initialisedOn = Thread.currentThread().getName();
    }
}
