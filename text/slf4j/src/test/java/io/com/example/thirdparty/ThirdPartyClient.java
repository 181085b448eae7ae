package com.example.thirdparty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A library class that knows only SLF4J's API, as a driver or an HTTP client does. */
public final class ThirdPartyClient {
    private static final Logger LOG = LoggerFactory.getLogger(ThirdPartyClient.class);

    /**
     * Logs one request line.
     *
     * @param thread the caller's index.
     * @param seq    the caller's sequence number.
     */
    public void call(final int thread, final long seq) {
        LOG.info("client t={} seq={} path={}", thread, seq, "/orders/{id}");
    }
}
