/**
 * Files offheap creates: owner-only folders (0700) and files (0600) whatever the umask, for everything it writes
 * ({@link dev.offheap.files.OwnerOnly}), and private working folders and their removal. Uses nothing of offheap;
 * every package that writes may use it.
 */
package dev.offheap.files;
