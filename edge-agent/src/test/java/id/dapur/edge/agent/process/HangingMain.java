package id.dapur.edge.agent.process;

import java.util.concurrent.CountDownLatch;

/** The main class of a "release" that starts and never becomes ready (SelfUpdateIT): it waits forever. */
public final class HangingMain {
    private HangingMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("a release that hangs at start");
        new CountDownLatch(1).await();
    }
}
