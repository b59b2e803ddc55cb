package dev.breachnotify.cli;

/** One line of progress: a bar of the fully confirmed practices and the counts behind it. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private ProgressBar() {}

    static String line(long targeted, long emailed, long failed, long acknowledged, long confirmed) {
        int filled = targeted == 0 ? 0 : (int) Math.min(WIDTH, confirmed * WIDTH / targeted);
        int percent = targeted == 0 ? 0 : (int) (confirmed * 100 / targeted);
        return String.format(
                "[%s%s] %3d%% confirmed %d/%d | emailed %d | failed %d | acknowledged %d",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                percent,
                confirmed,
                targeted,
                emailed,
                failed,
                acknowledged);
    }
}
