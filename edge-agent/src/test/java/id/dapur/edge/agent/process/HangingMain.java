package id.dapur.edge.agent.process;

/** The main class of a "release" that starts and never becomes ready (SelfUpdateIT): it waits forever. */
public final class HangingMain {
    private HangingMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("a release that hangs at start");
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
