package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM whose heap holds about {@code args[0]} MiB (default 1024) of live objects shaped like an application's:
 * records in linked lists and hash maps, each with a String key (its byte[] value), a boxed number and a small
 * byte[] payload, so a heap dump of it has tens of millions of objects and references for a reader to walk.
 * Prints "ready" once filled, then sleeps until killed.
 */
public final class HeapFill {
    /** About the heap bytes of one record with its key, boxed value, payload and map entry. */
    private static final long RECORD_BYTES = 232;

    private HeapFill() {
    }

    /** One record: referenced from a list, a map and the previous record of its chain. */
    static final class Item {
        final String key;
        final Long value;
        final byte[] payload;
        Item next;

        Item(String key, Long value, byte[] payload, Item next) {
            this.key = key;
            this.value = value;
            this.payload = payload;
            this.next = next;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        long records = (mib << 20) / RECORD_BYTES;
        List<Map<String, Item>> maps = new ArrayList<>();
        Map<String, Item> map = null;
        Item chain = null;
        for (long i = 0; i < records; i++) {
            if (i % 1_000_000 == 0) {
                map = new HashMap<>(1 << 21);
                maps.add(map);
                chain = null;
            }
            String key = "item-" + i;
            chain = new Item(key, i + 1_000_000L, new byte[16 + (int) (i % 64)], chain);
            map.put(key, chain);
        }
        Ready.announce();
        Thread.sleep(Long.MAX_VALUE);
        System.out.println(maps.size());
    }
}
