package io.hookrun.core.run;

/**
 * Names of frames: the chains of steps a run is made of. The run's main chain is the root frame {@code ""}. Branch
 * {@code i} of the Map or Parallel state executed as step {@code s} of frame {@code F} is frame {@code "s.i"} when
 * {@code F} is the root, else {@code "F/s.i"} (e.g. {@code "3.0/5.12"}: iteration 12 of the Map run as step 5 of
 * branch 0 of the Parallel run as step 3). A step is identified by (run, frame, sequence); sequences count from 0 in
 * every frame.
 */
public final class Frames {

    public static final String ROOT = "";

    private Frames() {
    }

    /** The frame of branch {@code index} of the Map/Parallel state executed as step {@code sequence} of {@code parent}. */
    public static String child(String parent, int sequence, int index) {
        return (parent.isEmpty() ? "" : parent + "/") + sequence + "." + index;
    }

    public static boolean isRoot(String frame) {
        return frame == null || frame.isEmpty();
    }

    /** Where a non-root frame hangs: its parent frame, the parent's step and the branch index. */
    public record Parent(String frame, int sequence, int index) { }

    /** The parent of a non-root frame; throws {@link IllegalArgumentException} for the root or a malformed name. */
    public static Parent parent(String frame) {
        if (isRoot(frame)) {
            throw new IllegalArgumentException("the root frame has no parent");
        }
        int slash = frame.lastIndexOf('/');
        String last = frame.substring(slash + 1);
        int dot = last.indexOf('.');
        try {
            return new Parent(slash < 0 ? ROOT : frame.substring(0, slash), Integer.parseInt(last.substring(0, dot)),
                    Integer.parseInt(last.substring(dot + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + frame + "' is not a frame name", e);
        }
    }
}
