package dev.offheap.analyze.trend;

import java.util.Arrays;

/**
 * Theil–Sen estimation of a series' slope: the median of the pairwise slopes, robust against outliers (a GC, a
 * slow sample) where least squares is not. Long series are thinned to {@value #MAX_POINTS} points, so a fit costs
 * at most ~80,000 pair slopes.
 */
public final class TheilSen {
    static final int MAX_POINTS = 400;

    private TheilSen() {
    }

    /** Fits {@code values} against {@code timesMillis} (same length, times increasing); null values are skipped. */
    public static Trend fit(long[] timesMillis, Long[] values) {
        int n = 0;
        for (Long v : values) {
            n += v == null ? 0 : 1;
        }
        double[] t = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                t[k] = (timesMillis[i] - timesMillis[0]) / 1000.0;
                y[k++] = values[i];
            }
        }
        return fit(t, y);
    }

    /** Fits {@code y} against {@code t} (seconds); fewer than two points give a flat trend. */
    public static Trend fit(double[] t, double[] y) {
        int n = t.length;
        if (n == 0) {
            return new Trend(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        int m = (n + step - 1) / step;
        double[] slopes = new double[m * (m - 1) / 2];
        int count = 0;
        int rising = 0;
        int changed = 0;
        for (int i = 0; i < n; i += step) {
            for (int j = i + step; j < n; j += step) {
                double dy = y[j] - y[i];
                if (dy != 0) {
                    changed++;
                    rising += dy > 0 ? 1 : 0;
                }
                double dt = t[j] - t[i];
                if (dt > 0) {
                    slopes[count++] = dy / dt;
                }
            }
        }
        double slope = count == 0 ? 0 : median(Arrays.copyOf(slopes, count));
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = y[i] - slope * t[i];
        }
        double intercept = median(residual);
        double min = Arrays.stream(y).min().orElse(0);
        double max = Arrays.stream(y).max().orElse(0);
        double steadiness = changed == 0 ? 0 : (double) rising / changed;
        int tail = n;
        while (tail > 0 && t[tail - 1] >= t[n - 1] - Trend.TAIL_SHARE * (t[n - 1] - t[0])) {
            tail--;
        }
        // the tail's rise by two measures, the larger counting: its median slope, and its end minus its start (a
        // rise in the tail's first part, then a pause, keeps a leak from looking levelled off)
        double tailSlope = n - tail >= Trend.TAIL_SAMPLES
                ? Math.max(slope(t, y, tail, n), (y[n - 1] - y[tail]) / (t[n - 1] - t[tail])) : Double.NaN;
        return new Trend(n, t[n - 1] - t[0], slope, steadiness, intercept + slope * t[0], intercept + slope * t[n - 1],
                y[n - 1], min, max, tailSlope);
    }

    /** The median pairwise slope of the points {@code from} (inclusive) to {@code to}, thinned as in {@link #fit}. */
    private static double slope(double[] t, double[] y, int from, int to) {
        int step = Math.max(1, (to - from + MAX_POINTS - 1) / MAX_POINTS);
        int m = (to - from + step - 1) / step;
        double[] slopes = new double[m * (m - 1) / 2];
        int count = 0;
        for (int i = from; i < to; i += step) {
            for (int j = i + step; j < to; j += step) {
                double dt = t[j] - t[i];
                if (dt > 0) {
                    slopes[count++] = (y[j] - y[i]) / dt;
                }
            }
        }
        return count == 0 ? 0 : median(Arrays.copyOf(slopes, count));
    }

    /**
     * The median of {@code v} (reordered), by selection rather than a sort: a fit takes the median of up to ~80,000
     * pair slopes, and a recording is analysed at up to 25 checkpoints (an hour of JFR recording, 3,600 samples: 1.5 s
     * with sorts, a fifth of that with selection).
     */
    static double median(double[] v) {
        int mid = v.length / 2;
        double upper = select(v, mid);
        if (v.length % 2 == 1) {
            return upper;
        }
        // the element below the upper middle is the largest of the part selection left before it
        double lower = v[0];
        for (int i = 1; i < mid; i++) {
            lower = Math.max(lower, v[i]);
        }
        return (lower + upper) / 2;
    }

    /**
     * The {@code k}-th smallest of {@code v} (0-based), leaving the smaller ones before it: quickselect with the
     * median of three as pivot, and a sort of what is left when the partitions stop shrinking (so never quadratic).
     */
    private static double select(double[] v, int k) {
        int lo = 0;
        int hi = v.length - 1;
        int rounds = 2 * (64 - Long.numberOfLeadingZeros(v.length)) + 8;
        while (hi > lo) {
            if (hi - lo < 16 || rounds-- == 0) {
                Arrays.sort(v, lo, hi + 1);
                return v[k];
            }
            int m = (lo + hi) >>> 1;
            double pivot = medianOf3(v[lo], v[m], v[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double x = v[i];
                    v[i++] = v[j];
                    v[j--] = x;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return v[k];
            }
        }
        return v[k];
    }

    private static double medianOf3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
