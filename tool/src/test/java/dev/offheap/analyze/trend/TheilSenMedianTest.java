package dev.offheap.analyze.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The median by selection gives what the median of a sorted copy gives, for the shapes fits hand it. */
class TheilSenMedianTest {
    @Test
    void theMedianBySelectionIsTheMedianOfTheSortedValues() {
        Random random = new Random(27);
        for (int n : new int[] {1, 2, 3, 4, 15, 16, 17, 100, 101, 4950, 79_800}) {
            for (int kind = 0; kind < 5; kind++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (kind) {
                        case 0 -> random.nextGaussian() * 1e6;  // noise
                        case 1 -> i;                              // sorted: slopes of a straight line come so
                        case 2 -> n - i;                          // reversed
                        case 3 -> random.nextInt(3);              // few distinct values: a flat series' slopes are 0
                        default -> i % 2 == 0 ? 1e9 : -1e9;       // two values, alternating
                    };
                }
                double[] sorted = v.clone();
                Arrays.sort(sorted);
                double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                assertThat(TheilSen.median(v.clone())).as("n=%d kind=%d", n, kind).isEqualTo(expected);
            }
        }
    }
}
