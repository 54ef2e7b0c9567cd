package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;

/**
 * Dense ranks 0..n-1 for the object ids of a dump, in id order: a bitmap over the id range (ids are aligned
 * addresses in HotSpot dumps, so one bit per 8 bytes) with the rank of each bitmap word next to the word, so a
 * lookup reads one cache line.
 */
final class IdRanks {
    private final long minId;
    private final long maxId;
    private final int shift;
    /** Pairs: a word of the bitmap, then the rank of its first bit. */
    private final long[] words;
    private final int count;

    /**
     * Ranks {@code ids}, given their smallest and largest value and all of them or-ed (noted while collecting). The
     * bitmap may take 16 times the dump's size, or 256 MiB (a live heap is sparse); ids spread wider come from a
     * corrupt dump, and allocating for them could exhaust the heap.
     */
    IdRanks(LongChunks ids, long min, long max, long bits, long fileBytes, String source) {
        long n = ids.size();
        if (n == 0) {
            min = max = 0;
        }
        minId = min;
        maxId = max;
        shift = Math.min(3, Long.numberOfTrailingZeros(bits | 8));
        long wordCount = ((((max - min) >>> shift) + 1) + 63) >>> 6;
        if (wordCount > (Integer.MAX_VALUE - 16) / 2 || wordCount * 16 > Math.max(256L << 20, 16 * fileBytes)) {
            throw new InputException(source + ": object ids span 0x" + Long.toHexString(min) + "..0x"
                    + Long.toHexString(max) + ", too wide for the reachability index; use --no-reachability");
        }
        words = new long[(int) wordCount * 2];
        for (long i = 0; i < n; i++) {
            long slot = (ids.get(i) - min) >>> shift;
            words[(int) (slot >>> 6) << 1] |= 1L << slot;
        }
        int r = 0;
        for (int w = 0; w < words.length; w += 2) {
            words[w + 1] = r;
            r += Long.bitCount(words[w]);
        }
        count = r;
    }

    /** How many distinct objects there are. */
    int count() {
        return count;
    }

    /** The dense rank of an object id, or -1 when the id is no object of the dump (null, a primitive array). */
    int rank(long id) {
        long d = id - minId;
        if (d < 0 || id > maxId || (d & ((1L << shift) - 1)) != 0) {
            return -1;
        }
        long slot = d >>> shift;
        int w = (int) (slot >>> 6) << 1;
        long word = words[w];
        int present = (int) (word >>> slot) & 1;
        // without a branch: whether an id is an object is hard to predict (references to primitive arrays)
        return ((int) words[w + 1] + Long.bitCount(word & ((1L << slot) - 1))) | (present - 1);
    }
}
