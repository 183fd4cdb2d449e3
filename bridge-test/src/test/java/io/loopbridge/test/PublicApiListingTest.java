package io.loopbridge.test;

import io.loopbridge.core.testkit.ApiListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

/**
 * The public API of bridge-test is what {@code bridge-test/api/bridge-test.api} lists: a change to it is
 * meant (the listing is updated with {@code -Dloopbridge.api.update=true} and reviewed) or it fails here.
 */
@Timeout(30)
class PublicApiListingTest {
    @Test
    void theExportedApiIsTheCheckedInListing() throws IOException {
        ApiListing.assertMatches(TestLoop.class, "bridge-test");
    }
}
