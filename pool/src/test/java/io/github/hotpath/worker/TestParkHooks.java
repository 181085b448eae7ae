package io.github.hotpath.worker;

/** Park hooks that a test arms after the pool is built (the pool takes its hooks at build time). */
final class TestParkHooks extends ParkHooks {
    volatile Runnable before;
    volatile Runnable mid;

    @Override
    void beforeAnnouncement() {
        final Runnable r = before;
        if (r != null) {
            r.run();
        }
    }

    @Override
    void midAnnouncement() {
        final Runnable r = mid;
        if (r != null) {
            r.run();
        }
    }
}
