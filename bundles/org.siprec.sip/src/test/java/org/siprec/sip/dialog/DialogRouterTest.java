package org.siprec.sip.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DialogRouterTest {
    private final DialogRouter router = new DialogRouter();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    private static DialogHandler handler() {
        Executor direct = Runnable::run;
        return () -> direct;
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void aCallAndItsRecordingSessionEachOwnTheirCallIds() {
        DialogHandler call = handler();
        DialogHandler recording = handler();
        assertTrue(router.register("a-leg", call));
        assertTrue(router.register("b-leg", call));
        assertTrue(router.register("rs-1", recording));
        assertSame(call, router.owner("a-leg"));
        assertSame(call, router.owner("b-leg"));
        assertSame(recording, router.owner("rs-1"));
        assertNull(router.owner("unknown"));
        assertNull(router.owner(null));
        assertEquals(3, router.size());
    }

    @Test
    void aCallIdOwnedByOneHandlerCannotBeTakenByAnother() {
        DialogHandler first = handler();
        DialogHandler second = handler();
        assertTrue(router.register("x", first));
        assertTrue(router.register("x", first), "registering again is harmless");
        assertFalse(router.register("x", second));
        assertSame(first, router.owner("x"));
    }

    @Test
    void onlyTheOwnerUnregisters() {
        DialogHandler owner = handler();
        router.register("x", owner);
        router.unregister("x", handler());
        assertSame(owner, router.owner("x"));
        router.unregister("x", owner);
        assertNull(router.owner("x"));
        router.unregister(null, owner);
    }

    @Test
    void unregisterLaterKeepsTheDialogRoutableUntilTheTimerFires() {
        DialogHandler owner = handler();
        router.register("x", owner);
        ScheduledExecutorService manual = timers;
        router.unregisterLater("x", owner, manual);
        assertSame(owner, router.owner("x"), "still routable: late retransmissions reach the owner");
        assertEquals(1, timers.getQueue().size());
        // run the scheduled removal now instead of waiting 32 s
        ((Runnable) timers.getQueue().iterator().next()).run();
        assertNull(router.owner("x"));
    }

    @Test
    void unregisterLaterWhileShuttingDownUnregistersAtOnce() {
        DialogHandler owner = handler();
        router.register("x", owner);
        timers.shutdownNow();
        router.unregisterLater("x", owner, timers);
        assertNull(router.owner("x"));
    }
}
