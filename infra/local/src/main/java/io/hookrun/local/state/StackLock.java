package io.hookrun.local.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * {@code .hookrun/local.lock}: held by a running {@code ./hookrun local} for its whole life, so a second one in the same
 * checkout refuses before it starts or deletes anything. The lock is the operating system's
 * ({@link FileChannel#tryLock()}: {@code fcntl} on Linux and macOS), so it goes with the process that held it, however
 * that process ended: a stack killed with SIGKILL leaves no lock behind. The file holds the holder's pid, for the
 * refusal message only; the file itself is never deleted (a process that opened it just before a delete would lock a
 * file nobody else sees, and two stacks would run).
 */
public final class StackLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock in {@code file} (created when missing) and writes this process's pid into it.
     *
     * @throws StackLockedException when another process, or this one, holds it
     */
    public static StackLock acquire(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already (a stack started in-process, as the tests do)
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            OptionalLong holder = holder(channel);
            channel.close();
            throw new StackLockedException(file, holder);
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new StackLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close(); // releases the lock
            throw e;
        }
    }

    /** The pid written by the process holding the lock; empty when the file holds none yet (it is writing it). */
    private static OptionalLong holder(FileChannel channel) {
        try {
            ByteBuffer text = ByteBuffer.allocate(32);
            channel.read(text, 0);
            String pid = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(pid));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Releases the lock (the pid stays in the file until the next holder writes its own). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
