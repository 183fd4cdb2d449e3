package io.loopbridge.core;

import io.loopbridge.core.testkit.ApiListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

/**
 * The public API of bridge-core is what {@code bridge-core/api/bridge-core.api} lists: a change to it is
 * meant (the listing is updated with {@code -Dloopbridge.api.update=true} and reviewed) or it fails here.
 */
@Timeout(30)
class PublicApiListingTest {
    @Test
    void theExportedApiIsTheCheckedInListing() throws IOException {
        ApiListing.assertMatches(EventLoop.class, "bridge-core");
    }
}
