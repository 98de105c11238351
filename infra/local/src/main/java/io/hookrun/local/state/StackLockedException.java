package io.hookrun.local.state;

import java.nio.file.Path;
import java.util.OptionalLong;

/** Another {@code ./hookrun local} holds {@code .hookrun/local.lock}: this one starts nothing and deletes nothing. */
public final class StackLockedException extends IllegalStateException {

    private final OptionalLong holderPid;

    public StackLockedException(Path lockFile, OptionalLong holderPid) {
        super("another hookrun local " + holderPid.stream().mapToObj(pid -> "(pid " + pid + ") ").findFirst().orElse("")
                + "is running on the state in " + lockFile.toAbsolutePath().getParent() + " (it holds " + lockFile.getFileName()
                + "); stop it first (Ctrl-C in its terminal" + holderPid.stream().mapToObj(pid -> ", or kill " + pid).findFirst().orElse("")
                + "), or run this one from another checkout. Nothing was started or deleted.");
        this.holderPid = holderPid;
    }

    /** The pid of the process that holds the lock, when it had written it. */
    public OptionalLong holderPid() {
        return holderPid;
    }
}
