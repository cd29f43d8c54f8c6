package io.opsagent.gc;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.opsagent.util.Log;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The one place the agent listens to GC notifications. The listener runs on the JVM's notification
 * thread, so it only converts the notification, keeps it in a bounded ring and hands it to
 * subscribers, which must be just as quick (record a sample, wake an agent thread).
 */
public final class GcEvents {
    /** Told of each collection, on the JVM's notification thread: never block or allocate much here. */
    public interface Subscriber {
        void collected(GcEvent event);
    }

    private static final int KEPT = 100;

    private final ArrayDeque<GcEvent> recent = new ArrayDeque<GcEvent>(KEPT);
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<Subscriber>();
    private final List<NotificationEmitter> emitters = new ArrayList<NotificationEmitter>();
    private final long jvmStartMillis;
    private final NotificationListener listener = new NotificationListener() {
        @Override
        public void handleNotification(Notification n, Object handback) {
            try {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    publish(convert(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())));
                }
            } catch (RuntimeException e) {
                Log.debug("a GC notification could not be read: " + e);
            }
        }
    };

    public GcEvents() {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        this.jvmStartMillis = rt.getStartTime();
    }

    /** Starts listening; collectors that emit no notifications (rare, non-HotSpot) are skipped. */
    public synchronized void start() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                NotificationEmitter e = (NotificationEmitter) gc;
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    public synchronized void stop() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
        subscribers.clear();
    }

    public void subscribe(Subscriber s) {
        subscribers.add(s);
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    /** The last collections, oldest first. */
    public List<GcEvent> recent() {
        synchronized (recent) {
            return new ArrayList<GcEvent>(recent);
        }
    }

    void publish(GcEvent event) {
        synchronized (recent) {
            if (recent.size() == KEPT) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        for (Subscriber s : subscribers) {
            try {
                s.collected(event);
            } catch (RuntimeException e) {
                Log.debug("GC subscriber " + s + " failed: " + e);
            }
        }
    }

    private GcEvent convert(GarbageCollectionNotificationInfo info) {
        GcInfo gi = info.getGcInfo();
        Map<String, MemoryUsage> before = gi.getMemoryUsageBeforeGc();
        Map<String, MemoryUsage> after = gi.getMemoryUsageAfterGc();
        Map<String, GcEvent.Pool> pools = new LinkedHashMap<String, GcEvent.Pool>();
        for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
            MemoryUsage b = before.get(e.getKey());
            MemoryUsage a = e.getValue();
            pools.put(e.getKey(), new GcEvent.Pool(b == null ? a.getUsed() : b.getUsed(), a.getUsed(), a.getMax()));
        }
        return new GcEvent(gi.getId(), info.getGcName(), info.getGcAction(), info.getGcCause(),
                jvmStartMillis + gi.getEndTime(), gi.getDuration(), pools);
    }
}
