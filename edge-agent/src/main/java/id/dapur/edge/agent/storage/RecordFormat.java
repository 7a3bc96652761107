package id.dapur.edge.agent.storage;

/** The constants of a journal record's payload (durability.md): its versions and its value types. */
final class RecordFormat {
    private RecordFormat() {}

    static final byte VERSION = 1;
    static final byte DEFLATED = 2;
    /** Below this a record is written as it is: it fits a page either way. */
    static final int DEFLATE_FROM = 512;
    /** The largest version-1 body a version-2 record may claim (the writer's batches are far smaller). */
    static final int MAX_BODY = 64 << 20;

    static final byte NULL = 0, STRING = 1, LONG = 2, INT = 3, DOUBLE = 4, BOOLEAN = 5, BYTES = 6;
    static final byte TIMESTAMP = 7, DATE = 8, DECIMAL = 9, SHORT = 10, FLOAT = 11;
}
