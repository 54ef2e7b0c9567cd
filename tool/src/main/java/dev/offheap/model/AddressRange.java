package dev.offheap.model;

/** A half-open address range {@code [start, end)}; addresses are unsigned 64-bit values held in longs. */
public record AddressRange(long start, long end) {
    public long sizeBytes() {
        return end - start;
    }

    public boolean overlaps(long otherStart, long otherEnd) {
        return Long.compareUnsigned(start, otherEnd) < 0 && Long.compareUnsigned(otherStart, end) < 0;
    }

    @Override
    public String toString() {
        return String.format("0x%x-0x%x", start, end);
    }
}
