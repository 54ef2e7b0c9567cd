/**
 * Symbols of native code: ELF sections, symbol tables and load segments, DWARF function ranges, and C++ name
 * demangling. Used by symbolization ({@code profile}) and to find libraries' .bss ({@code proc}). May use
 * {@code model}.
 */
package dev.offheap.parse.symbols;
