package io.github.hotpath.log;

/**
 * What a producer does when it finds the ring full: the builder's {@code whenFullDrop()} gives up at once
 * ({@link #DROP}), {@code whenFullWait()} waits for room ({@link RingFullWait}). Kept apart from the hand-off so
 * that the waiting can be replaced (a fairer wait, say) by changing one small type.
 *
 * <p>Thread-safety: implementations are shared by every producer and keep no per-producer state.
 */
interface WhenRingFull {
    /** Drop: the record is not logged; the hand-off counts it and the writer later says how many were dropped. */
    WhenRingFull DROP = (ring, entry, handoff) -> RecordRing.FULL;

    /**
     * Called after {@link RecordRing#offer} found the ring full.
     *
     * @param ring    the ring.
     * @param entry   the entry whose record is being offered.
     * @param handoff the hand-off, to wake its writer.
     * @return the last {@link RecordRing#offer} result: {@link RecordRing#ACCEPTED} if the record went in at last,
     *     else why not.
     */
    int afterFull(RecordRing ring, LogEntry entry, AsynchronousHandoff handoff);
}
