package io.loopbridge.swing;

import io.loopbridge.core.testkit.ApiListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

/**
 * The public API of bridge-swing is what {@code bridge-swing/api/bridge-swing.api} lists: a change to it
 * is meant (the listing is updated with {@code -Dloopbridge.api.update=true} and reviewed) or it fails here.
 */
@Timeout(30)
class PublicApiListingTest {
    @Test
    void theExportedApiIsTheCheckedInListing() throws IOException {
        ApiListing.assertMatches(SwingLoop.class, "bridge-swing");
    }
}
