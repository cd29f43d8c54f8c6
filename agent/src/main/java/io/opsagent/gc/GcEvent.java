package io.opsagent.gc;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** One GC notification, as the JVM reported it: which collector, why, how long, and each pool before and after. */
public final class GcEvent {
    /** Pool usage in bytes: used and max (max -1 when undefined). */
    public static final class Pool {
        public final long usedBefore;
        public final long usedAfter;
        public final long max;

        public Pool(long usedBefore, long usedAfter, long max) {
            this.usedBefore = usedBefore;
            this.usedAfter = usedAfter;
            this.max = max;
        }
    }

    public final long id;
    public final String collector;
    public final String action;
    public final String cause;
    /** Wall-clock time the collection ended, in epoch milliseconds. */
    public final long endMillis;
    public final long durationMillis;
    /** Read-only, in the order given. */
    public final Map<String, Pool> pools;

    public GcEvent(long id, String collector, String action, String cause, long endMillis, long durationMillis, Map<String, Pool> pools) {
        this.id = id;
        this.collector = intern(collector);
        this.action = intern(action);
        this.cause = intern(cause);
        this.endMillis = endMillis;
        this.durationMillis = durationMillis;
        this.pools = new PoolMap(pools);
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    /**
     * The pools in two arrays with interned names, not a map of entries: the last 100 events are kept,
     * and as LinkedHashMaps (entries, views, names) they grew at every live histogram until the ring
     * was full, so the leak report listed them as growing classes beside an application's leak.
     */
    private static final class PoolMap extends AbstractMap<String, Pool> {
        private final String[] names;
        private final Pool[] values;

        PoolMap(Map<String, Pool> pools) {
            names = new String[pools.size()];
            values = new Pool[pools.size()];
            int i = 0;
            for (Map.Entry<String, Pool> e : pools.entrySet()) {
                names[i] = intern(e.getKey());
                values[i++] = e.getValue();
            }
        }

        @Override
        public Pool get(Object key) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(key)) {
                    return values[i];
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public Set<Map.Entry<String, Pool>> entrySet() {
            return new AbstractSet<Map.Entry<String, Pool>>() {
                @Override
                public Iterator<Map.Entry<String, Pool>> iterator() {
                    return new Iterator<Map.Entry<String, Pool>>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.length;
                        }

                        @Override
                        public Map.Entry<String, Pool> next() {
                            if (next >= names.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new AbstractMap.SimpleImmutableEntry<String, Pool>(names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
        }
    }
}
