/**
 * Files offheap creates for itself: private working folders and their removal. Uses nothing of offheap; every
 * package that writes may use it.
 */
package dev.offheap.files;
