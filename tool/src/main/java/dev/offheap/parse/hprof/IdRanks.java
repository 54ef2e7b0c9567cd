package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;

/**
 * Dense ranks 0..n-1 for the object ids of a dump, in id order: a bitmap over the id range (ids are aligned
 * addresses in HotSpot dumps, so one bit per 8 bytes) with the rank of each bitmap word next to the word, so a
 * lookup reads one cache line. The range is cut into chunks (1 MiB of addresses, more when the range is wider than
 * a million of them) and only chunks that hold an object get bitmap words, through a small directory: a G1 heap of
 * 6 GiB reserved with 10 MiB of objects spread over its regions needs kilobytes, not the 190 MiB of a bitmap over
 * the whole span (which did not fit offheap's 256m heap).
 */
final class IdRanks {
    /** Slots (ids) per chunk at least: 2^17, 1 MiB of addresses at 8 bytes per id. */
    private static final int MIN_CHUNK_SHIFT = 17;
    /** At most 2^20 directory entries (4 MiB): wider ranges get larger chunks. */
    private static final int MAX_DIRECTORY_SHIFT = 20;

    private final long minId;
    private final long maxId;
    private final int shift;
    private final int chunkShift;
    private final long chunkMask;
    /** For each chunk of the range: where its words start in {@link #words}, or -1 when it holds no object. */
    private final int[] directory;
    /** Pairs, chunk after chunk: a word of the bitmap, then the rank of its first bit. */
    private final long[] words;
    private final int count;

    /**
     * Ranks {@code ids}, given their smallest and largest value and all of them or-ed (noted while collecting). The
     * words may take 16 times the dump's size, or 256 MiB; ids spread wider come from a corrupt dump, and allocating
     * for them could exhaust the heap.
     */
    IdRanks(LongChunks ids, long min, long max, long bits, long fileBytes, String source) {
        long n = ids.size();
        if (n == 0) {
            min = max = 0;
        }
        minId = min;
        maxId = max;
        shift = Math.min(3, Long.numberOfTrailingZeros(bits | 8));
        if (max - min < 0) { // ids on both sides of 2^63: a span no long holds (a corrupt dump)
            throw tooWide(source, min, max, "a span of more than 2^63");
        }
        long lastSlot = (max - min) >>> shift;
        int cs = MIN_CHUNK_SHIFT;
        while ((lastSlot >>> cs) >= 1L << MAX_DIRECTORY_SHIFT) {
            cs++;
        }
        chunkShift = cs;
        chunkMask = (1L << cs) - 1;
        directory = new int[(int) (lastSlot >>> cs) + 1];
        java.util.Arrays.fill(directory, -1);
        long chunks = 0;
        for (long i = 0; i < n; i++) {
            int c = (int) (((ids.get(i) - min) >>> shift) >>> cs);
            if (directory[c] < 0) {
                directory[c] = 0;
                chunks++;
            }
        }
        long longsPerChunk = 2L << (cs - 6);
        long longs = chunks * longsPerChunk;
        if (longs > Integer.MAX_VALUE - 16 || longs * 8 > Math.max(256L << 20, 16 * fileBytes)) {
            throw tooWide(source, min, max, chunks + " chunks of " + (8L << cs >> 20) + " MiB");
        }
        int base = 0;
        for (int c = 0; c < directory.length; c++) {
            if (directory[c] == 0) {
                directory[c] = base;
                base += (int) longsPerChunk;
            }
        }
        words = new long[(int) longs];
        for (long i = 0; i < n; i++) {
            long slot = (ids.get(i) - min) >>> shift;
            words[word(slot, directory[(int) (slot >>> cs)])] |= 1L << slot;
        }
        int r = 0;
        for (int w = 0; w < words.length; w += 2) {
            words[w + 1] = r;
            r += Long.bitCount(words[w]);
        }
        count = r;
    }

    private static InputException tooWide(String source, long min, long max, String how) {
        return new InputException(source + ": object ids span 0x" + Long.toHexString(min) + "..0x" + Long.toHexString(max)
                + " in " + how + ", too wide for the reachability index; use --no-reachability");
    }

    private int word(long slot, int chunkBase) {
        return chunkBase + (int) ((slot & chunkMask) >>> 6 << 1);
    }

    /** How many distinct objects there are. */
    int count() {
        return count;
    }

    /** The dense rank of an object id, or -1 when the id is no object of the dump (null, a primitive array). */
    int rank(long id) {
        if (id < minId || id > maxId) { // compared as they are: id - minId overflows for ids far below the range
            return -1;
        }
        long d = id - minId;
        if ((d & ((1L << shift) - 1)) != 0) {
            return -1;
        }
        long slot = d >>> shift;
        int base = directory[(int) (slot >>> chunkShift)];
        if (base < 0) {
            return -1;
        }
        int w = word(slot, base);
        long word = words[w];
        int present = (int) (word >>> slot) & 1;
        // without a branch: whether an id is an object is hard to predict (references to primitive arrays)
        return ((int) words[w + 1] + Long.bitCount(word & ((1L << slot) - 1))) | (present - 1);
    }
}
