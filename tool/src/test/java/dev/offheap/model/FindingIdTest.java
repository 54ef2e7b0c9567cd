package dev.offheap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A finding is made only with an id and a severity of the catalog. */
class FindingIdTest {
    @Test
    void aFindingWithAnIdOutsideTheCatalogIsRefused() {
        assertThatThrownBy(() -> new Finding("NEW_RULE_NOBODY_CATALOGED", Severity.WARNING, "t", "s", List.of(), "r", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finding id 'NEW_RULE_NOBODY_CATALOGED' is not in the catalog (dev.offheap.model.FindingId)");
    }

    @Test
    void aFindingAtASeverityItsEntryDoesNotListIsRefused() {
        assertThatThrownBy(() -> new Finding(FindingId.NMT_OFF, Severity.CRITICAL, "t", "s", List.of(), "r", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finding NMT_OFF at CRITICAL: the catalog (FindingId) allows only [INFO]");
    }

    @Test
    void aCatalogedFindingKeepsItsIdAsTheStringOfTheJsonContract() {
        Finding f = new Finding(FindingId.RSS_OVER_BUDGET, Severity.CRITICAL, "t", "s", List.of("e"), "r", null);
        assertThat(f.id()).isEqualTo("RSS_OVER_BUDGET");
        assertThat(f.kind()).isEqualTo(FindingId.RSS_OVER_BUDGET);
        assertThat(FindingId.find("RSS_OVER_BUDGET")).contains(FindingId.RSS_OVER_BUDGET);
        assertThat(FindingId.find("rss_over_budget")).isEmpty();
    }

    @Test
    void everyEntrySaysWhatItMeansQuotesFixesAndNeeds() {
        for (FindingId f : FindingId.values()) {
            assertThat(List.of(f.title(), f.meaning(), f.evidence(), f.severityText(), f.fix(), f.nmt(), f.inputs()))
                    .as("%s", f).allSatisfy(text -> assertThat(text).isNotBlank());
            assertThat(f.severities()).as("%s", f).isNotEmpty();
        }
    }
}
