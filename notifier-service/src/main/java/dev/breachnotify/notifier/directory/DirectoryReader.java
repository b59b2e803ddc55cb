package dev.breachnotify.notifier.directory;

import java.io.Closeable;
import java.util.List;
import java.util.function.Consumer;

/** A directory file read in batches of validated rows, so that any size imports in bounded memory. */
interface DirectoryReader extends Closeable {

    /**
     * Reads up to {@code max} valid rows; problems of rejected rows go to {@code problems}.
     *
     * @return the valid rows; an empty list means the end of the file
     * @throws DirectoryFileException when the file cannot be read further
     */
    List<PracticeRow> readBatch(int max, Consumer<RowProblem> problems);

    /** How many rows were read so far, valid or not. */
    long rowsRead();
}
