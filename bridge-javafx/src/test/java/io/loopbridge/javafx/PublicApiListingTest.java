package io.loopbridge.javafx;

import io.loopbridge.core.testkit.ApiListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

/**
 * The public API of bridge-javafx is what {@code bridge-javafx/api/bridge-javafx.api} lists: a change to it
 * is meant (the listing is updated with {@code -Dloopbridge.api.update=true} and reviewed) or it fails here.
 */
@Timeout(30)
class PublicApiListingTest {
    @Test
    void theExportedApiIsTheCheckedInListing() throws IOException {
        ApiListing.assertMatches(FxLoop.class, "bridge-javafx");
    }
}
