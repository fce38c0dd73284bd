package dev.scopedstore.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Value types the kit stores: a record and a mutable POJO, as applications write them. */
public final class KitValues {
    private KitValues() {
    }

    /**
     * An immutable record.
     *
     * @param x a coordinate
     * @param y a coordinate
     */
    public record Point(int x, int y) {
    }

    /**
     * A record with numbers that must stay exact.
     *
     * @param big a 64-bit integer
     * @param price a decimal
     * @param history more integers
     */
    public record Totals(long big, BigDecimal price, List<Long> history) {
    }

    /** A mutable POJO with a mutable list, as many applications still write them. */
    public static final class Draft {
        /** The title. */
        public String title;
        /** The lines, mutable. */
        public List<String> lines = new ArrayList<>();

        /** For the mapper. */
        public Draft() {
        }

        /**
         * @param title the title
         * @param lines the lines, copied
         */
        public Draft(String title, List<String> lines) {
            this.title = title;
            this.lines = new ArrayList<>(lines);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Draft && Objects.equals(((Draft) o).title, title)
                    && Objects.equals(((Draft) o).lines, lines);
        }

        @Override
        public int hashCode() {
            return Objects.hash(title, lines);
        }

        @Override
        public String toString() {
            return "Draft{title=" + title + ", lines=" + lines + "}";
        }
    }
}
