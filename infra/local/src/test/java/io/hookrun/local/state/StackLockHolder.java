package io.hookrun.local.state;

import java.nio.file.Path;

/** A process that takes the lock in {@code args[0]}, says so on stdout, and holds it until it is killed. */
public final class StackLockHolder {

    private StackLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        StackLock lock = StackLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}
