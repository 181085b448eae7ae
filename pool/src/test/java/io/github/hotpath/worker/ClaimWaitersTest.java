package io.github.hotpath.worker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The wake-up handshake of waiting claimers, step by step on one thread (the waiters are unstarted threads, used as
 * identities; unparking them does nothing): a freed job wakes exactly one registered waiter, and a woken waiter that
 * leaves without a job passes the wake-up on, so a job freed for a claimer that timed out at the same moment is not
 * left free beside parked claimers.
 */
class ClaimWaitersTest {
    private final ClaimWaiters waiters = new ClaimWaiters();
    private final Thread first = new Thread(() -> { }, "first");
    private final Thread second = new Thread(() -> { }, "second");
    private final Thread third = new Thread(() -> { }, "third");

    private void registerThree() {
        assertEquals(0, waiters.enter(first));
        assertEquals(1, waiters.enter(second));
        assertEquals(2, waiters.enter(third));
    }

    @Test
    void aFreedJobWakesExactlyOneWaiterNotAllOfThem() {
        registerThree();
        waiters.jobFreed(0);
        assertNull(waiters.waiterAt(0), "the first waiter was taken out of its slot: woken");
        assertSame(second, waiters.waiterAt(1), "FORBIDDEN a second waiter woken for one job");
        assertSame(third, waiters.waiterAt(2), "FORBIDDEN a third waiter woken for one job");
    }

    @Test
    void theWakeUpStartsAtTheFreedJobsSlotSoWaitersTakeTurns() {
        registerThree();
        waiters.jobFreed(2);
        assertSame(first, waiters.waiterAt(0));
        assertSame(second, waiters.waiterAt(1));
        assertNull(waiters.waiterAt(2), "slot 2's waiter is woken first for job slot 2");
    }

    @Test
    void aWokenWaiterThatLeavesWithoutAJobPassesTheWakeUpOn() {
        registerThree();
        waiters.jobFreed(0);
        waiters.leave(0, first, false); // woken, but timed out (or was interrupted) before it took the job
        assertNull(waiters.waiterAt(1), "FORBIDDEN the wake-up died with the waiter that gave up: job left free");
        assertSame(third, waiters.waiterAt(2), "one job, one wake-up passed on");
    }

    @Test
    void aWokenWaiterThatTookTheJobPassesNothingOn() {
        registerThree();
        waiters.jobFreed(0);
        waiters.leave(0, first, true);
        assertSame(second, waiters.waiterAt(1));
        assertSame(third, waiters.waiterAt(2));
    }

    @Test
    void aWaiterThatLeavesUnwokenWakesNobodyAndFreesItsSlot() {
        registerThree();
        waiters.leave(1, second, false);
        assertSame(first, waiters.waiterAt(0));
        assertNull(waiters.waiterAt(1), "its own slot is free again");
        assertSame(third, waiters.waiterAt(2));
        assertEquals(1, waiters.enter(second), "a new waiter takes the free slot");
    }

    @Test
    void withNobodyWaitingAFreedJobWakesNobody() {
        registerThree();
        waiters.leave(0, first, false);
        waiters.leave(1, second, false);
        waiters.leave(2, third, false);
        waiters.jobFreed(0);
        for (int i = 0; i < ClaimWaiters.SLOTS; i++) {
            assertNull(waiters.waiterAt(i));
        }
    }

    @Test
    void waitersBeyondTheSlotsAreNotRegisteredAndPollInstead() {
        for (int i = 0; i < ClaimWaiters.SLOTS; i++) {
            assertEquals(i, waiters.enter(new Thread(() -> { })));
        }
        assertEquals(-1, waiters.enter(first), "no slot: this waiter polls at a bounded interval");
    }
}
