package dev.scopedstore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with left-aligned columns. Rows are printed in chunks so a long listing
 * streams: the first chunk sets the column widths, later ones widen them only if they must.
 */
final class Table {
    private static final int CHUNK = 500;

    private final PrintWriter out;
    private final int[] widths;
    private final List<String[]> pending = new ArrayList<>();
    private boolean headerPrinted;
    private final String[] header;
    private long rows;

    Table(PrintWriter out, String... header) {
        this.out = out;
        this.header = header;
        this.widths = new int[header.length];
        fit(header);
    }

    /** @param cells one row, as many cells as the header */
    void add(String... cells) {
        pending.add(cells);
        rows++;
        if (pending.size() >= CHUNK) {
            flush();
        }
    }

    /** @return how many rows were added */
    long rows() {
        return rows;
    }

    /** Prints the rows added so far (and the header, the first time). */
    void flush() {
        pending.forEach(this::fit);
        if (!headerPrinted) {
            print(header);
            headerPrinted = true;
        }
        pending.forEach(this::print);
        pending.clear();
        out.flush();
    }

    private void fit(String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            widths[i] = Math.max(widths[i], cells[i].length());
        }
    }

    private void print(String[] cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
