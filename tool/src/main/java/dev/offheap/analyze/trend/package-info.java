/**
 * Robust trends of a series (Theil-Sen slope, how steadily it rises). Pure: uses nothing of offheap.
 */
package dev.offheap.analyze.trend;
