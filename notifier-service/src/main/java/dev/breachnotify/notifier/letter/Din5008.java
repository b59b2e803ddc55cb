package dev.breachnotify.notifier.letter;

/**
 * The geometry of a DIN 5008 form B letter on A4, in millimetres from the top-left corner, for DL window
 * envelopes: the address field is 85 × 45 mm at 20 mm from the left and 45 mm from the top; its first
 * 17.7 mm hold the return address, the rest the recipient.
 */
final class Din5008 {

    static final float PAGE_WIDTH = 210f;
    static final float PAGE_HEIGHT = 297f;
    static final float ADDRESS_LEFT = 20f;
    static final float ADDRESS_TOP = 45f;
    static final float ADDRESS_WIDTH = 85f;
    static final float ADDRESS_HEIGHT = 45f;
    static final float RETURN_ZONE_HEIGHT = 17.7f;
    static final float FOLD_MARK_1 = 105f;
    static final float FOLD_MARK_2 = 210f;
    static final float PUNCH_MARK = 148.5f;
    static final float TEXT_LEFT = 25f;
    static final float TEXT_RIGHT = 190f;
    static final float INFO_BLOCK_LEFT = 125f;
    static final float TEXT_TOP = 98.46f;

    private Din5008() {}

    /** Millimetres to PDF points. */
    static float pt(float millimetres) {
        return millimetres * 72f / 25.4f;
    }

    /** A distance from the top edge, as PDF's y (points from the bottom). */
    static float y(float millimetresFromTop) {
        return pt(PAGE_HEIGHT - millimetresFromTop);
    }
}
