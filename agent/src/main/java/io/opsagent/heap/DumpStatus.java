package io.opsagent.heap;

/** Where a stored dump stands; {@link #label()} is the word the API shows in {@code "status"}. */
enum DumpStatus {
    WAITING_FOR_GC("waiting-for-gc"),
    PENDING("pending"),
    WRITING("writing"),
    READY("ready"),
    FAILED("failed");

    private final String label;

    DumpStatus(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Ready or failed: nothing writes the file any more, so it may be deleted. */
    boolean finished() {
        return this == READY || this == FAILED;
    }

    /** The label, so messages read "dump x is waiting-for-gc". */
    @Override
    public String toString() {
        return label;
    }
}
