package dev.offheap.model;

/**
 * One HotSpot flag. From {@code jcmd PID VM.flags -all}: type ({@code bool}, {@code size_t}, …), value text, kind
 * ({@code product}, {@code C2 product}, {@code manageable}, …) and origin ({@code default}, {@code command line},
 * {@code ergonomic}, …; JDK 9+). From plain {@code VM.flags} only name and value are known (others null).
 * JDK 8 has no origin column; its {@code :=} marks a value that is not the default, kept as origin "non-default".
 */
public record JvmFlag(String name, String type, String value, String kind, String origin) {
}
